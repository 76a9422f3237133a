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
});
