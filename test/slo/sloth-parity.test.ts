import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { renderRuleFile } from '../../lib/rules/rule-file';
import { ServiceLevelObjective, SloRulePack } from '../../lib/rules/slo';
import { describeWithTool } from '../support/tools';
import { PromtoolCase, promtoolTestSloCases, series } from './promtool-harness';

// ../shared beside the repository (never a path of one machine); in CI it is always there.
const PEERS = resolve(__dirname, '../../../shared/peers/sloth');
const present = existsSync(join(PEERS, '_gen'));
if (!present && process.env.CI === 'true') throw new Error(`${PEERS} is missing; CI needs ../shared beside the repository.`);
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(`[skip] ${PEERS} is absent: the Sloth parity tests are skipped (CI has it).`);
}
const describeIfPeers = present ? describe : describe.skip;

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}
const ROUTE = 'sloth_route';

function ours(spec: string): string {
  // Sloth's examples link no runbook, and the import invents none: the critical page alerts get links
  // because they are asked for here (they are not compared with Sloth's rules).
  const slos = ServiceLevelObjective.fromSlothSpec(readFileSync(join(PEERS, `${spec}.yml`), 'utf8'), { customSeverityLabel: ROUTE, runbookBaseUrl: 'https://runbooks.example.org/slo' });
  return renderRuleFile(new SloRulePack('slo', slos).ruleGroups);
}
function sloths(spec: string): string {
  return readFileSync(join(PEERS, '_gen', `${spec}.yml`), 'utf8');
}
function rulesOf(text: string): Rule[] {
  return (parse(text) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((group) => group.rules);
}
function without(labels: Record<string, string> | undefined, ...names: string[]): Record<string, string> {
  const out = { ...(labels ?? {}) };
  for (const name of names) delete out[name];
  return out;
}

const SPECS = ['getting-started', 'home-wifi', 'raw-home-wifi'];

describeIfPeers('Sloth parity: names and labels (parsed YAML)', () => {
  test.each(SPECS)('%s: every series Sloth records, we record with the same name and labels', (spec) => {
    // GIVEN Sloth's generated rules and ours for the same spec
    const theirs = rulesOf(sloths(spec)).filter((rule) => rule.record !== undefined);
    const mine = rulesOf(ours(spec)).filter((rule) => rule.record !== undefined);
    expect(theirs.length).toBeGreaterThan(0);
    // THEN for each Sloth record there is ours with equal labels, apart from the CLI's `cmd` label,
    // Sloth's build info on sloth_slo_info, and sloth_window, which Sloth leaves to inheritance on burn
    // rates (the series end up with the same sloth_window either way)
    for (const rule of theirs) {
      const expected = without(rule.labels, 'cmd', 'sloth_mode', 'sloth_version', 'sloth_spec');
      const match = mine.find(
        (candidate) =>
          candidate.record === rule.record &&
          JSON.stringify(without(candidate.labels, ...(expected.sloth_window === undefined ? ['sloth_window'] : []))) === JSON.stringify(sortKeys(expected)),
      );
      expect({ record: rule.record, labels: expected, found: match !== undefined }).toEqual({ record: rule.record, labels: expected, found: true });
    }
  });

  test.each(SPECS)('%s: the same alerts (name, sloth_severity, static labels) exist; Sloth\'s custom severity is kept in a label', (spec) => {
    const theirs = rulesOf(sloths(spec)).filter((rule) => rule.alert !== undefined);
    const mine = rulesOf(ours(spec)).filter((rule) => rule.alert !== undefined && rule.labels?.sloth_severity !== undefined);
    expect(mine.length).toBe(theirs.length);
    for (const rule of theirs) {
      const match = mine.find((candidate) => candidate.alert === rule.alert && candidate.labels?.sloth_severity === rule.labels?.sloth_severity);
      expect(match).toBeDefined();
      const severity = rule.labels!.severity;
      const carried = ['critical', 'warning', 'info'].includes(severity) ? { severity } : { [ROUTE]: severity };
      expect(match!.labels).toEqual(expect.objectContaining({ ...without(rule.labels, 'severity'), ...carried }));
      // and neither carries a window label, so the alert keeps its identity whichever pair trips
      expect(match!.labels!.sloth_window).toBeUndefined();
    }
  });
});

/** Firing burn-rate alerts, reduced to what both tools share: name, sloth_severity, sloth_id. */
const FIRING = 'count by (alertname, sloth_severity, sloth_id) (ALERTS{alertstate="firing", sloth_severity!=""})';
function fired(alertname: string, sloth_id: string, ...kinds: Array<'page' | 'ticket'>) {
  return kinds.map((kind) => ({ labels: series('', { alertname, sloth_id, sloth_severity: kind }), value: 1 }));
}

function wifi(name: string, values: ReadonlyArray<number>) {
  return values.map((value, index) => ({ series: `unifipoller_client_satisfaction_ratio{name="${name}${index}"}`, values: `${value}x240` }));
}
function repeat(value: number, count: number): number[] {
  return Array.from({ length: count }, () => value);
}

const SCENARIOS: Record<string, PromtoolCase[]> = {
  'getting-started': [
    {
      name: '2% of requests answered 429',
      inputSeries: [
        { series: 'http_request_duration_seconds_count{job="myservice",code="200"}', values: '0+980x120' },
        { series: 'http_request_duration_seconds_count{job="myservice",code="429"}', values: '0+20x120' },
      ],
      exprTests: [
        { expr: FIRING, evalTime: '30m', expSamples: fired('MyServiceHighErrorRate', 'myservice-requests-availability', 'page', 'ticket') },
        { expr: FIRING, evalTime: '90m', expSamples: fired('MyServiceHighErrorRate', 'myservice-requests-availability', 'page', 'ticket') },
      ],
    },
    {
      name: '0.05% errors for 3h',
      inputSeries: [
        { series: 'http_request_duration_seconds_count{job="myservice",code="200"}', values: '0+1999x180' },
        { series: 'http_request_duration_seconds_count{job="myservice",code="503"}', values: '0+1x180' },
      ],
      exprTests: [{ expr: FIRING, evalTime: '1h', expSamples: [] }, { expr: FIRING, evalTime: '3h', expSamples: [] }],
    },
    {
      name: 'slow burn 0.4% for 3h',
      inputSeries: [
        { series: 'http_request_duration_seconds_count{job="myservice",code="200"}', values: '0+996x180' },
        { series: 'http_request_duration_seconds_count{job="myservice",code="500"}', values: '0+4x180' },
      ],
      exprTests: [{ expr: FIRING, evalTime: '3h', expSamples: fired('MyServiceHighErrorRate', 'myservice-requests-availability', 'ticket') }],
    },
  ],
  'home-wifi': [
    {
      name: '2 of 20 clients below 0.75',
      inputSeries: wifi('c', [0.6, 0.6, ...repeat(0.9, 18)]),
      exprTests: [{ expr: FIRING, evalTime: '2h', expSamples: fired('GoodWifiClientSatisfaction', 'home-wifi-good-wifi-client-satisfaction', 'ticket') }],
    },
    {
      name: '1 of 25 clients below 0.5',
      inputSeries: wifi('c', [0.4, ...repeat(0.9, 24)]),
      exprTests: [{ expr: FIRING, evalTime: '2h', expSamples: fired('RiskWifiClientSatisfaction', 'home-wifi-risk-wifi-client-satisfaction', 'page', 'ticket') }],
    },
    {
      name: 'all clients fine',
      inputSeries: wifi('c', repeat(0.95, 10)),
      exprTests: [{ expr: FIRING, evalTime: '2h', expSamples: [] }],
    },
  ],
  'raw-home-wifi': [
    {
      name: 'average satisfaction 0.5',
      inputSeries: wifi('c', [0.5, 0.5, 0.5]),
      exprTests: [{ expr: FIRING, evalTime: '1h', expSamples: fired('WifiClientSatisfaction', 'home-wifi-wifi-client-satisfaction', 'page', 'ticket') }],
    },
    {
      name: 'average satisfaction 0.9',
      inputSeries: wifi('c', [0.9, 0.8, 1]),
      exprTests: [{ expr: FIRING, evalTime: '2h', expSamples: fired('WifiClientSatisfaction', 'home-wifi-wifi-client-satisfaction', 'ticket') }],
    },
    {
      name: 'average satisfaction 0.97',
      inputSeries: wifi('c', [0.97, 0.97, 0.97]),
      exprTests: [{ expr: FIRING, evalTime: '2h', expSamples: [] }],
    },
  ],
};

if (present) {
  describeWithTool('promtool', 'Sloth parity: the same alerts fire on the same series', () => {
    for (const spec of SPECS) {
      test.each(['sloth', 'ours'])(`${spec}: %s rules meet the shared expectations`, (who) => {
        // GIVEN the same input series and the same expected firing alerts for both rule files
        const rules = who === 'sloth' ? sloths(spec) : ours(spec);
        // WHEN promtool runs them
        const result = promtoolTestSloCases(rules, SCENARIOS[spec]);
        // THEN both pass: the same alerts fire, and only those
        expect(result.output).toContain('SUCCESS');
        expect(result.status).toBe(0);
      });
    }
  });
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}
