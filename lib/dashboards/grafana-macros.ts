/**
 * Replaces Grafana's query macros and template variables with sample values, so that a dashboard
 * query can be parsed by the PromQL or LogQL grammar (as grafana/dashboard-linter does). Durations
 * become durations (`[$__rate_interval]` → `[5m]`), numbers become numbers, and any other variable
 * becomes a word (`"$namespace"` → `"namespace"`), or a duration when it stands where one belongs.
 */
const MACROS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\$__rate_interval_ms\b/g, '300000'],
  [/\$__interval_ms\b/g, '60000'],
  [/\$__range_ms\b/g, '86400000'],
  [/\$__range_s\b/g, '86400'],
  [/\$\{__rate_interval\}|\$__rate_interval\b/g, '5m'],
  [/\$\{__interval\}|\$__interval\b/g, '1m'],
  [/\$\{__range\}|\$__range\b/g, '1d'],
  [/\$\{__auto\}|\$__auto\b/g, '1m'],
];

/** The query with macros and variables replaced by sample values. */
export function substituteGrafanaMacros(query: string): string {
  let out = query;
  for (const [pattern, value] of MACROS) out = out.replace(pattern, value);
  // ${var}, ${var:format}, $var and [[var]]: a duration after `[` or `:` inside a range, else a word.
  return out.replace(/\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\]/g, (match, a, b, c, offset: number) => {
    const before = out.slice(0, offset);
    const inRange = /\[[^\]]*$/.test(before) && !/\{[^}]*$/.test(before);
    return inRange ? '5m' : (a ?? b ?? c ?? match);
  });
}
