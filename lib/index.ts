// Public API of the library. Provider classes are never re-exported: import them by deep path.
export * from './core/charts';
export * from './core/duration';
export * from './core/resources';
export * from './core/terraform-escape';
export * from './core/validation-error';
export * from './core/yaml';
export * from './core/chart-release';
export * from './core/manifests-release';
export * from './environment/environment-config';
export * from './environment/resolve-environment';
export * from './namespace/monitoring-namespace';
export * from './review/review-artifacts';
export * from './review/monitoring-app';
export * from './review/write-review-artifacts';
export * from './stack/cluster-providers';
export * from './stack/monitoring-stack';
export * from './stack/state-backend';
