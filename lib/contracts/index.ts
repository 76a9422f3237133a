export * from './monitoring-component';
export * from './network-peer';
