/**
 * JSON with every object's keys sorted, two-space indented and ending in a newline: the same dashboard
 * always gives the same bytes, whatever order a builder set its fields in. Functions and undefined
 * values are dropped, as JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value))), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}
