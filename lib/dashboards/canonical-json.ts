/**
 * JSON with every object's keys sorted, two-space indented and ending in a newline: the same dashboard
 * always gives the same bytes, whatever order a builder set its fields in. Functions and undefined
 * values are dropped, as JSON.stringify drops them. One pass: JSON.stringify hands each value (after
 * its toJSON) to the replacer, which gives objects back with their keys in order.
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(value, sortedKeys, 2)}\n`;
}

function sortedKeys(_key: string, value: unknown): unknown {
  // Arrays keep their order; boxed primitives (new Number(1)) are written as their value by JSON.stringify.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Number || value instanceof String || value instanceof Boolean) return value;
  const object = value as Record<string, unknown>;
  // No prototype, so that a `__proto__` key stays a key, as JSON.parse made it.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(object).sort()) sorted[key] = object[key];
  return sorted;
}
