import { canonicalJson } from '../../lib/dashboards/canonical-json';
import { serviceOverviewDashboard, standardDashboards } from '../../lib/dashboards';
import { seedSlos } from '../../lib/rules/slo';

// The one-pass writer must give exactly the bytes of the straightforward definition: parse, rebuild
// every object with sorted keys, JSON.stringify with two spaces.
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
    }
    return v;
  };
  return `${JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value))), null, 2)}\n`;
}

describe('canonicalJson', () => {
  test('sorts keys, indents by two spaces and ends in a newline', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: {}, f: [] })).toBe('{\n  "a": [\n    {\n      "c": "x",\n      "d": null\n    }\n  ],\n  "b": 1,\n  "e": {},\n  "f": []\n}\n');
  });

  test.each([
    ['index-like keys, which JavaScript orders first and numerically', { b: 1, 10: 'ten', 2: 'two', a: 0, '01': 'not an index', 4294967295: 'not an index either', '-1': 'nor this' }],
    ['escapes, unicode and odd keys', { 'é': '"quoted"\n\ttab', '': 'empty key', __proto__x: 1, 'Z': 'upper before lower', z: '\u2028' }],
    ['dropped values and toJSON', { fn: () => 1, undef: undefined, date: new Date(0), nested: [undefined, () => 2, { toJSON: () => 'custom' }] }],
    ['numbers', { n: [0, -0, 1.5, 1e21, 1e-7, -3, NaN, Infinity] }],
    ['scalars at the top', 'text'],
  ])('matches the reference definition on %s', (_what, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  test('matches the reference definition on the shipped dashboards', () => {
    const dashboards = [
      ...standardDashboards({ alertmanager: true, services: [{ service: 'checkout', namespace: 'shop' }], serviceLogs: true, slos: seedSlos(), business: true }).map((d) => d.dashboard),
      serviceOverviewDashboard({ service: 'api', namespace: 'web' }),
    ];
    expect(dashboards.length).toBeGreaterThan(3);
    for (const dashboard of dashboards) expect(dashboard.toJsonString()).toBe(reference(dashboard.json));
  });
});
