import { Document, stringify } from 'yaml';
import { toYaml } from '../../lib/core/yaml';
import { TYPED_SCALAR_TESTS, emitYaml } from '../../lib/core/yaml-emitter';

// The fast emitter must write exactly what the yaml library writes with toYaml's options, or fall
// back (undefined). Compared here on hand-picked edge cases and on generated documents.
const library = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: false });

const TRICKY_STRINGS = [
  '', ' ', 'plain', 'two words', 'null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'on', '0', '-1', '+1', '1.5', '.5', '1.',
  '1e3', '1E-3', '0x1F', '0o17', '.inf', '-.Inf', '.nan', '.NaN', '007', '1_000', '- a', '-', '?', '? a', ':', 'a:', 'a: b', 'a:b',
  'a #b', 'a#b', '#a', '&a', '*a', '!a', '|a', '>a', "'a", '"a', '%a', '@a', '`a', ',a', '[a', ']a', '{a', '}a', 'a,b', 'a[b]',
  '{{ $labels.job }} is down', '${datasource}', '$${x}', '%{x}', 'say "hi"', "it's", `both ' and "`, `"it's" she said`, `'quoted "twice"'`, 'back\\slash', 'tab\there',
  ' leading', 'trailing ', 'trailing:', 'sum by (le) (rate(x{a="b"}[5m])) > 0.5', 'http://x.example.com/a?b=c#d', 'a\u2028b', 'é ü 日本',
  'line1\nline2', 'line1\nline2\n', 'line1\nline2\n\n', '\nleading newline', '  indented\nnext', 'a\n  more indented\nb',
  'trailing space \nx', 'x\n trailing', 'a\n\n\nb', 'ends with spaces\n  ', '---', '--- a', '...', 'a\n---\nb', '%YAML', 'a\n%b',
  'ctrl\u0001', 'cr\r\nlf', 'del\u007f', 'x'.repeat(1100), '- ', 'a\tb', '\ttab first', 'multi: line\nvalue', '#!/bin/sh\necho hi\n',
  '[section]\nkey = value\n', 'a\n# not a comment\nb', ' \n ', '\n', '\n\n',
];
const TRICKY_VALUES: unknown[] = [null, true, false, 0, -0, 1, -1, 1.5, 0.999, 1e21, 1e-7, NaN, Infinity, -Infinity, 42, [], {}];

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generate(random: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const roll = random();
  if (depth > 4 || roll < 0.45) return random() < 0.7 ? pick(TRICKY_STRINGS) : pick(TRICKY_VALUES);
  if (roll < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => generate(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--) object[pick(TRICKY_STRINGS)] = random() < 0.05 ? undefined : generate(random, depth + 1);
  return object;
}

describe('emitYaml', () => {
  test('quotes exactly the strings the library\'s core schema would read as another type', () => {
    const libraryTests = new Document({}).schema.tags
      .filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test instanceof RegExp)
      .map((tag) => String(tag.test));
    expect(TYPED_SCALAR_TESTS.map(String)).toEqual(libraryTests);
  });

  test.each(TRICKY_STRINGS.map((text) => [text]))('writes the library bytes for %j as a value, a key and a list item', (text) => {
    for (const value of [{ key: text }, { [text]: 'value' }, [text], { nested: { list: [text, { deeper: text }] } }]) {
      const fast = emitYaml(value);
      if (fast !== undefined) expect(fast).toBe(library(value));
    }
  });

  test('handles the usual texts itself rather than falling back', () => {
    const rule = { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x{a="b"}[5m])) > 0', for: '5m', labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.job }} is down', description: 'line1\nline2\n' } }] }] };
    expect(emitYaml(rule)).toBe(library(rule));
    for (const text of ['plain', 'null', '1.5', "it's", 'say "hi"', 'line1\nline2', '{{ x }}', '']) expect(emitYaml({ text })).toBeDefined();
  });

  test('falls back on what it does not port, and toYaml still writes the library bytes', () => {
    const fallbacks: unknown[] = [{ ctrl: 'a\u0001b' }, { cr: 'a\r\nb' }, { text: 'ends with spaces\n  ' }, { ['multi\nkey']: 1 }, [undefined], { date: new Date(0) }, { marker: '---' }, { ['k'.repeat(1100)]: 1 }, 'scalar', 42];
    for (const value of fallbacks) {
      expect(emitYaml(value)).toBeUndefined();
      expect(toYaml(value)).toBe(library(value));
    }
  });

  test('equals the library on 5,000 generated documents', () => {
    const random = rng(20260101);
    let emitted = 0;
    for (let i = 0; i < 5000; i++) {
      const value = random() < 0.5 ? { root: generate(random, 0), list: [generate(random, 1)] } : [generate(random, 0), generate(random, 0)];
      const fast = emitYaml(value);
      if (fast === undefined) continue;
      emitted++;
      expect(fast).toBe(library(value));
    }
    // Most documents must take the fast path, or the comparison proves little.
    expect(emitted).toBeGreaterThan(1000);
  });
});
