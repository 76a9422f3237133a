/**
 * `npx tsx scripts/kps-rule-catalogue.ts`: writes lib/prometheus/inherited/kube-prometheus-stack-rules.ts,
 * the catalogue of the alerts kube-prometheus-stack's default rules (`defaultRules`) give a cluster:
 * per rule group the `defaultRules.rules.<key>` value that switches it, and per alert its name, severity,
 * `for`, expression, runbook and the `job` matchers its expression uses. The pinned chart
 * (../shared/charts/kube-prometheus-stack-<version>) is rendered by `helm template` (.tools/bin/helm)
 * with every rule group on, for the release name this project uses (`kube-prometheus-stack`, which
 * names the jobs of the operator, Prometheus and Alertmanager).
 *
 * Run it again after changing the pinned chart version (lib/core/charts.ts);
 * test/prometheus/inherited-rules-catalogue.test.ts fails while the committed data differs from the chart.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Charts } from '../lib/core/charts';
import { compareText } from '../lib/core/compare-text';
import type { KpsAlert, KpsRuleCatalogue, KpsRuleGroup } from '../lib/prometheus/inherited/kps-rule-types';
import { promqlLabelMatchers } from '../lib/rules/promql';
import { RULES_FOLDER, pinnedChartDir, readTemplateGuard, valueAt } from './chart-recording-rules';
import { renderCharts } from '../test/support/rendered-releases';
import { findTool } from '../test/support/tools';

/** The committed data file, relative to the repository root. */
export const CATALOGUE_MODULE = 'lib/prometheus/inherited/kube-prometheus-stack-rules.ts';
/** The release name (and `fullnameOverride`) the catalogue is rendered for: the Prometheus construct's default. */
const CATALOGUE_RELEASE = 'kube-prometheus-stack';

const root = resolve(__dirname, '..');

/** What a rule template's guard says: the values key that switches it, the other values it needs, the alerts whose `disabled` drops it whole. */
interface TemplateGuard {
  readonly key: string;
  readonly requires: readonly string[];
  readonly droppedWith: readonly string[];
}

/** Reads the `{{- if and ... }}` guard of every rule template; throws on a template it does not understand. */
function readTemplateGuards(chartDir: string): Map<string, TemplateGuard> {
  const folder = join(chartDir, RULES_FOLDER);
  const guards = new Map<string, TemplateGuard>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(folder, file), 'utf8');
    const { line: guard, when: paths } = readTemplateGuard(file, text);
    const droppedWith = [...guard.matchAll(/\(not \(\.Values\.defaultRules\.disabled\.([A-Za-z0-9_]+) \| default false\)\)/g)].map((m) => m[1]);
    const keys = paths.filter((p) => p.startsWith('defaultRules.rules.')).map((p) => p.slice('defaultRules.rules.'.length));
    if (keys.length !== 1) throw new Error(`${file}: expected one defaultRules.rules.<key> in the guard, found ${keys.length}`);
    const groupLabels = [...new Set([...text.matchAll(/additionalRuleGroupLabels\.([A-Za-z0-9_]+)/g)].map((m) => m[1]))];
    if (groupLabels.length > 0 && (groupLabels.length !== 1 || groupLabels[0] !== keys[0])) {
      throw new Error(`${file}: additionalRuleGroupLabels.${groupLabels.join('/')} differs from the switch defaultRules.rules.${keys[0]}; extend the catalogue with a labels key`);
    }
    guards.set(file, { key: keys[0], requires: paths.filter((p) => !p.startsWith('defaultRules.rules.')), droppedWith });
  }
  return guards;
}

/** The values that turn every rule template on (every switch, every component they require, Windows too). */
function everythingOn(guards: ReadonlyMap<string, TemplateGuard>): Record<string, unknown> {
  const values: Record<string, any> = { fullnameOverride: CATALOGUE_RELEASE, alertmanager: { enabled: false }, grafana: { enabled: false }, defaultRules: { create: true, rules: {} } };
  for (const guard of guards.values()) {
    values.defaultRules.rules[guard.key] = true;
    for (const path of guard.requires) {
      const keys = path.split('.');
      let node = values;
      for (const key of keys.slice(0, -1)) node = node[key] ??= {};
      node[keys[keys.length - 1]] = true;
    }
  }
  return values;
}

/** One rule group as the chart rendered it, with the template it came from. */
export interface RenderedRuleGroup {
  /** The template's file name under templates/prometheus/rules-1.14/. */
  readonly file: string;
  /** The group as rendered (`name`, `rules`). */
  readonly group: Record<string, any>;
}

/**
 * Renders the chart with these values (helm template, the release name of the catalogue, the missing
 * subcharts stood in for as test/support/chart-dependencies.ts does) and returns its default rule groups.
 */
export function renderRuleGroups(chartDir: string, values: Record<string, unknown>): RenderedRuleGroup[] {
  const out: RenderedRuleGroup[] = [];
  const sourcePrefix = `# Source: ${Charts.kubePrometheusStack.chart}/${RULES_FOLDER}/`;
  for (const chunk of renderChart(chartDir, values).split(/^---$/m)) {
    const source = chunk.split('\n').find((line) => line.startsWith(sourcePrefix));
    if (source === undefined) continue;
    const file = source.slice(sourcePrefix.length).trim();
    const documents = parseAllDocuments(chunk).map((d) => d.toJS() as Record<string, any> | null).filter((d) => d !== null);
    for (const doc of documents) {
      if (doc!.kind !== 'PrometheusRule') throw new Error(`${file}: rendered a ${doc!.kind}, not a PrometheusRule`);
      for (const group of doc!.spec.groups as Array<Record<string, any>>) out.push({ file, group });
    }
  }
  return out;
}

/**
 * Renders the chart as the tests render every release (renderCharts: the chart's missing subcharts
 * planned, the render cached by its inputs, no copy of the chart for a cached render); returns helm's output.
 */
function renderChart(chartDir: string, values: Record<string, unknown>): string {
  if (findTool('helm') === undefined) throw new Error('helm is not installed; run scripts/install-tools.sh');
  const [result] = renderCharts([{ chartDir, values: [JSON.stringify(values)], name: CATALOGUE_RELEASE, namespace: 'monitoring' }]);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return result.stdout;
}

/** Renders the pinned chart with every default rule group on and reads the catalogue of its alerts. */
export function readKpsRuleCatalogue(chartDir: string): KpsRuleCatalogue {
  const guards = readTemplateGuards(chartDir);
  const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const groups: KpsRuleGroup[] = [];
  for (const { file, group } of renderRuleGroups(chartDir, everythingOn(guards))) {
    const guard = guards.get(file);
    if (guard === undefined) throw new Error(`${file} rendered, but its guard was not read`);
    const rules = (group.rules ?? []) as Array<Record<string, any>>;
    const alerts: KpsAlert[] = rules.filter((rule) => rule.alert !== undefined).map((rule) => {
      const labels = (rule.labels ?? {}) as Record<string, string>;
      if (typeof labels.severity !== 'string') throw new Error(`${file}: alert ${rule.alert} has no severity`);
      const expr = String(rule.expr).trim();
      return {
        name: String(rule.alert),
        group: String(group.name),
        severity: labels.severity,
        for: rule.for === undefined ? '0s' : String(rule.for),
        labels: Object.fromEntries(Object.entries(labels).filter(([label]) => label !== 'severity').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, String(v)])),
        expr,
        runbookUrl: String(rule.annotations?.runbook_url ?? ''),
        jobMatchers: [...promqlLabelMatchers(expr, 'job')],
      };
    });
    const when = [...guard.requires, `defaultRules.rules.${guard.key}`];
    groups.push({
      key: guard.key,
      name: String(group.name),
      file,
      requires: [...guard.requires],
      enabledByDefault: when.every((path) => valueAt(defaults, path) === true),
      droppedWith: [...guard.droppedWith],
      recordingRules: rules.filter((rule) => rule.record !== undefined).length,
      alerts,
    });
  }
  const missing = [...guards.keys()].filter((file) => !groups.some((group) => group.file === file));
  if (missing.length > 0) throw new Error(`templates not rendered with every group on: ${missing.join(', ')}`);
  groups.sort((a, b) => compareText(a.name, b.name));
  return { chart: Charts.kubePrometheusStack.chart, version: Charts.kubePrometheusStack.version, releaseName: CATALOGUE_RELEASE, groups };
}

/** The text of lib/prometheus/inherited/kube-prometheus-stack-rules.ts for a catalogue (deterministic: groups by name, alerts in chart order). */
export function renderCatalogueModule(catalogue: KpsRuleCatalogue): string {
  const keys = [...new Set(catalogue.groups.map((group) => group.key))].sort();
  const names = [...new Set(catalogue.groups.flatMap((group) => group.alerts.map((alert) => alert.name)))].sort();
  const count = catalogue.groups.reduce((n, group) => n + group.alerts.length, 0);
  const json = JSON.stringify(catalogue, null, 2);
  return [
    `// Generated by scripts/kps-rule-catalogue.ts from ${catalogue.chart} ${catalogue.version} (helm template, every default rule group on); do not edit.`,
    '// test/prometheus/inherited-rules-catalogue.test.ts checks that it still matches the chart.',
    "import type { KpsRuleCatalogue } from './kps-rule-types';",
    '',
    '/** The `defaultRules.rules.<key>` values of the pinned chart that switch its rule groups. */',
    `export type KpsRuleGroupKey =\n${keys.map((key) => `  | '${key}'`).join('\n')};`,
    '',
    `/** The names of the ${names.length} alerts of the pinned chart's default rules (${count} rules: some names have a warning and a critical rule). */`,
    `export type KpsAlertName =\n${names.map((name) => `  | '${name}'`).join('\n')};`,
    '',
    `/** The default rules of ${catalogue.chart} ${catalogue.version}: ${catalogue.groups.length} rule groups, ${count} alerting rules. */`,
    `export const KPS_RULE_CATALOGUE: KpsRuleCatalogue = ${json};`,
    '',
  ].join('\n');
}

if (require.main === module) {
  const dir = pinnedChartDir();
  if (!existsSync(dir)) {
    console.error(`${dir} not found: the pinned chart must be in ../shared/charts.`);
    process.exit(1);
  }
  const catalogue = readKpsRuleCatalogue(dir);
  writeFileSync(join(root, CATALOGUE_MODULE), renderCatalogueModule(catalogue));
  const count = catalogue.groups.reduce((n, group) => n + group.alerts.length, 0);
  console.log(`${CATALOGUE_MODULE}: ${count} alerts in ${catalogue.groups.length} rule groups of ${catalogue.chart} ${catalogue.version}`);
}
