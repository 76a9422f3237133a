import { stringify } from 'yaml';

/**
 * Deterministic YAML: keys keep the order the program built them in, no line folding (so a long
 * PromQL expression stays one diffable line unless it already has line breaks), no anchors/aliases.
 */
export function toYaml(value: unknown): string {
  return stringify(value, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    sortMapEntries: false,
  });
}
