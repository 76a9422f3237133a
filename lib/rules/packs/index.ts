export type { AlertPackProps, AlertOptions } from './pack-props';
export { DEFAULT_PACK_INTERVAL } from './pack-props';
export * from './recording-pack-props';
export * from './service-health-rules';
export * from './resource-rules';
export * from './dependency-rules';
export * from './security-rules';
export * from './service-recording-rules';
export * from './node-recording-rules';
