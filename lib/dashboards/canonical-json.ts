/**
 * JSON with every object's keys sorted, two-space indented and ending in a newline: the same dashboard
 * always gives the same bytes, whatever order a builder set its fields in. Functions and undefined
 * values are dropped, as JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
  return `${writeSorted(JSON.parse(JSON.stringify(value)), '')}\n`;
}

/**
 * {@link canonicalJson} of a value that is already plain JSON data (as a parsed JSON text is): the
 * same bytes, without the round trip through JSON text that drops functions and undefined values.
 */
export function canonicalJsonOfPlainData(value: unknown): string {
  return `${writeSorted(value, '')}\n`;
}

/**
 * `JSON.stringify(v, null, 2)` of plain JSON data with keys in sorted order, written in one pass (a
 * dashboard is rendered for each of thousands of services). Keys that are array indices come first in
 * ascending number order, as JavaScript orders an object's own keys; the rest sort by UTF-16 code unit.
 */
function writeSorted(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + writeSorted(item, inner)).join(',\n')}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) return '{}';
  return `{\n${sortedKeys(keys).map((key) => `${inner}${JSON.stringify(key)}: ${writeSorted(record[key], inner)}`).join(',\n')}\n${indent}}`;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

function sortedKeys(keys: string[]): string[] {
  const sorted = keys.sort();
  if (!sorted.some(isArrayIndex)) return sorted;
  const indices = sorted.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...sorted.filter((key) => !isArrayIndex(key))];
}

function isArrayIndex(key: string): boolean {
  return ARRAY_INDEX.test(key) && Number(key) < 4294967295;
}
