export * from './sampling-strategies';
export * from './jaeger-storage';
export * from './otlp-traces-backend';
export * from './jaeger';
