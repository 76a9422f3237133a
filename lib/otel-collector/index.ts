export * from './collector-config';
export * from './tail-sampling';
export * from './otel-collector';
export * from './tracing-pipeline-rules';
