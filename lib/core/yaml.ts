import { stringify } from 'yaml';

/**
 * Deterministic YAML: keys keep the order the program built them in, no line folding (so a long
 * PromQL expression stays one diffable line unless it already has line breaks), no anchors/aliases.
 * Read the same by YAML 1.1 readers: helm and the Go programs of the stack (Prometheus, Alertmanager,
 * Loki) take a plain `yes`, `on`, `n` or `1_000` for a boolean or a number, so such strings are quoted.
 */
export function toYaml(value: unknown): string {
  return stringify(value, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    sortMapEntries: false,
    compat: 'yaml-1.1',
  });
}
