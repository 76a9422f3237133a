// An emulation of Grafana's provisioning interpolation, the last of the three layers between the chart
// values and Grafana (Helm tpl is checked by the real helm). Grafana is not installable
// here; this follows its source (pkg/services/provisioning/values) and Go's os.Expand, and the tests
// show it bites on unescaped text.

const SHELL_SPECIAL = /[*#$@!?\-0-9]/;

/** Go's os.Expand with a lookup; a faithful port of its parsing rules. */
export function goOsExpand(s: string, lookup: (name: string) => string): string {
  let buf = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      buf += s.slice(i, j);
      const [name, w] = getShellName(s.slice(j + 1));
      if (name === '' && w > 0) {
        // invalid syntax: eaten
      } else if (name === '') {
        buf += s[j];
      } else {
        buf += lookup(name);
      }
      j += w;
      i = j + 1;
    }
  }
  return i === 0 ? s : buf + s.slice(i);
}

function getShellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && SHELL_SPECIAL.test(s[1]) && s[2] === '}') return [s.slice(1, 2), 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (SHELL_SPECIAL.test(s[0])) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) i++;
  return [s.slice(0, i), i];
}

/**
 * Grafana's provisioning interpolation (pkg/services/provisioning/values, `interpolateValue`): split
 * on `$$`, expand `$__env{X}`/`$__file{…}` and then environment variables in each part, join with `$`.
 */
export function emulateGrafanaInterpolation(value: string, env: Record<string, string> = {}): string {
  return value
    .split('$$')
    .map((part) => goOsExpand(part.replace(/\$__(env|file|vault)\{([^}]*)\}/g, (_, kind, name) => (kind === 'env' ? env[name] ?? '' : '')), (name) => env[name] ?? ''))
    .join('$');
}

/** Applies {@link emulateGrafanaInterpolation} to every string of a provisioning value. */
export function interpolateDeep<T>(value: T, env: Record<string, string> = {}): T {
  if (typeof value === 'string') return emulateGrafanaInterpolation(value, env) as T;
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)])) as T;
  }
  return value;
}
