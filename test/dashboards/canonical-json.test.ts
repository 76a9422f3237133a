import { canonicalJson } from '../../lib/dashboards/canonical-json';

describe('canonicalJson', () => {
  test('sorts keys, indents by two spaces and ends in a newline', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: {}, f: [] })).toBe('{\n  "a": [\n    {\n      "c": "x",\n      "d": null\n    }\n  ],\n  "b": 1,\n  "e": {},\n  "f": []\n}\n');
  });

  test('the same data built in another key order gives the same bytes; functions and undefined are dropped', () => {
    const one = { title: 'x', panels: [{ id: 1, type: 'stat' }], uid: 'u' };
    const other = { uid: 'u', panels: [{ type: 'stat', id: 1 }], title: 'x', fn: () => 1, gone: undefined };
    expect(canonicalJson(other)).toBe(canonicalJson(one));
  });

  test('gives the bytes of a JSON round trip with every key sorted, for values a model may hold', () => {
    // The definition, written the slow way: plain data first (toJSON, drops), then keys sorted.
    const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sorted(x)]))
      : v);
    const reference = (v: unknown) => `${JSON.stringify(sorted(JSON.parse(JSON.stringify(v))), null, 2)}\n`;
    class Panel {
      public readonly type = 'stat';
      public readonly gridPos = { y: 0, x: 1 };
    }
    const values = [
      { z: new Panel(), a: new Date(0), n: new Number(2), s: new String('x'), b: new Boolean(false) },
      { list: [undefined, () => 1, { b: undefined, a: [null] }], '10': 'ten', '2': 'two', 'b-1': 1, B: 2, _: 3 },
      { nested: { toJSON: () => ({ y: 1, x: [{ d: 1, c: 2 }] }) }, empty: {}, text: 'ü ✓ "quoted"' },
      [{ b: 1, a: 2 }, 'x', 3, true, null],
      JSON.parse('{"z": 1, "__proto__": {"b": 2, "a": 1}, "constructor": "c"}'),
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(reference(value));
  });
});
