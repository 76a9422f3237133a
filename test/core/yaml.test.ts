import { stringify } from 'yaml';
import { toYaml } from '../../lib/core/yaml';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { ServiceHealthRules } from '../../lib/rules/packs';
import { ServiceLevelObjective, Sli, SloRulePack } from '../../lib/rules/slo';
import { synthesizedExampleStacks } from '../support/synth';

/** The yaml library with toYaml's options: the text toYaml must write, byte for byte. */
const library = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: false, compat: 'yaml-1.1' });

/** Strings at the edges of YAML's plain, quoted and block styles, and of YAML 1.1's implicit types. */
const STRINGS = [
  '', ' ', 'a', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'Y', '~', 'null', 'NULL', 'true', '1', '1.5', '1_000', '0x1F', '0o17', '017', '08', '0b101',
  '1:30', '190:20:30', '.inf', '-.inf', '.NaN', '1e3', '+1', '-0', '.5', '5.', '2026-01-01', '2001-12-14t21:59:43.10-05:00', '<<', '=',
  '-', '?', '- a', '? a', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', '#a', '@a', '`a', '%a', '---', '--- a', '...', 'a ', ' a', '\ta',
  '{{ $labels.service }} is down', "it's", 'say "hi"', `both ' and "`, 'x\ty', 'a\x01b', '\u{D800}', 'a,b', '[a]', '{a}', '*a', '&a', '!a', '|a', '>a',
  'sum(rate(http_requests_total{service="api",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="api"}[5m])) > 0.001',
  'x'.repeat(1100),
  // multi-line: literal blocks, and the edge cases the library writes otherwise
  'a\nb', 'a\n\nb', 'a\n  b', ' a\nb', 'a\nb ', 'a\nb\n', '\na', 'a\n---\nb', '---\na', 'a\n# c', 'a: b\nc', '- a\nb', 'a\tb\nc',
  'a\n\n\n b\nc', '{x}\ny', '"q"\nz', 'a\r\nb', 'a\x01\nb', 'x\n \ny',
];
const NUMBERS = [0, 1, -1, 1.5, 0.1 + 0.2, 1e21, 1e-7, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('toYaml writes exactly what the yaml library writes', () => {
  test.each(STRINGS.map((s) => [JSON.stringify(s).slice(0, 40), s]))('the string %s as a value, an item, a key, nested', (_, s) => {
    for (const value of [{ k: s }, [s], { [s]: 1 }, { a: { b: [s, { c: s }], d: [[s]] } }]) expect(toYaml(value)).toBe(library(value));
  });

  test.each(NUMBERS.map((n) => [String(n), n]))('the number %s', (_, n) => {
    for (const value of [{ n }, [n], { a: [{ n }] }]) expect(toYaml(value)).toBe(library(value));
  });

  test('shapes: empty collections, nulls, undefined, nested sequences, class instances and Maps', () => {
    const values: unknown[] = [
      {}, [], { a: {}, b: [], c: null, d: undefined, e: [[]], f: [{}], g: [[1, 2], [3]], h: [{ a: 1, b: [1, { c: 2 }] }], i: { j: undefined } },
      [[[1]], [{ a: [] }]], [undefined, null, true, false], { d: new Date(0) }, new Map([['a', 1]]), Object.assign(Object.create(null), { a: 1 }), 'top-level string', 42, null,
    ];
    for (const value of values) expect(toYaml(value)).toBe(library(value));
  });

  test('the rule files of an SLO pack (multi-line expressions) and of the service health pack', () => {
    const selector = { service: 'checkout' };
    const slo = new SloRulePack('slo', [
      new ServiceLevelObjective({ service: 'checkout', name: 'availability', objectivePercent: 99.9, team: 'shop', sli: Sli.eventsFromCounter({ metric: 'http_requests_total', selector, errorSelector: { code: /5../ } }) }),
      new ServiceLevelObjective({ service: 'checkout', name: 'latency', objectivePercent: 99, team: 'shop', sli: Sli.latency({ histogram: 'http_request_duration_seconds', selector, thresholdSeconds: 0.5 }) }),
    ]);
    const health = ServiceHealthRules.forServices({ name: 'health', team: 'shop', selector, runbookBaseUrl: 'https://runbooks.example.com' });
    for (const pack of [slo, health]) {
      const text = renderRuleFile(pack.ruleGroups);
      // the SLO pack's expressions span lines: the literal-block path is exercised, not only plain scalars
      if (pack === slo) expect(text).toContain('expr: |-\n');
      expect(text).toBe(library({ groups: pack.ruleGroups.map((group) => group.toJSON()) }));
    }
  });

  test('every document of the example environments: the Terraform JSON, and each Helm values text read back', () => {
    for (const { json } of synthesizedExampleStacks()) {
      expect(toYaml(json)).toBe(library(json));
      for (const release of Object.values(json.resource.helm_release as Record<string, { values?: string[] }>)) {
        for (const text of release.values ?? []) {
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            continue; // YAML values: written by toYaml already, compared through the JSON above
          }
          expect(toYaml(value)).toBe(library(value));
        }
      }
    }
  });
});
