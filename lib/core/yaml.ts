import type * as Yaml from 'yaml';
import { emitYaml } from './yaml-emitter';

/**
 * Deterministic YAML: keys keep the order the program built them in, no line folding (so a long
 * PromQL expression stays one diffable line unless it already has line breaks), no anchors/aliases.
 * Plain data goes through a fast emitter that writes the same bytes as the `yaml` library (see
 * {@link emitYaml}); anything else goes through the library, which is loaded only then (loading it
 * takes longer than most synths spend writing YAML).
 */
export function toYaml(value: unknown): string {
  return emitYaml(value) ?? (require('yaml') as typeof Yaml).stringify(value, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    sortMapEntries: false,
  });
}
