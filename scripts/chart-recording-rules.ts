/**
 * `npx tsx scripts/chart-recording-rules.ts`: writes lib/rules/kube-prometheus-stack-records.ts, the
 * names of the series that kube-prometheus-stack's own default rules record (e.g.
 * `node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate`), read from the pinned
 * chart's templates in ../shared/charts/kube-prometheus-stack-<version>/templates/prometheus/rules-1.14/.
 * Rules of the stack may read those series (see `checkRecordedSeries` in lib/rules/promql-record-references.ts).
 *
 * Run it again after changing the pinned chart version (lib/core/charts.ts);
 * test/rules/chart-recording-rules.test.ts fails while the committed data differs from the chart.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { Charts } from '../lib/core/charts';

/** The committed data file, relative to the repository root. */
export const RECORDS_MODULE = 'lib/rules/kube-prometheus-stack-records.ts';
/** Where the default rule templates are in the chart. */
export const RULES_FOLDER = 'templates/prometheus/rules-1.14';

const root = resolve(__dirname, '..');

/** The pinned chart's folder in ../shared/charts. */
export function pinnedChartDir(): string {
  const { chart, version } = Charts.kubePrometheusStack;
  return resolve(root, '..', 'shared', 'charts', `${chart}-${version}`);
}

/** One rule template of the chart: the values that switch it on, and the series it records. */
export interface ChartRuleFile {
  /** The template's file name, e.g. `node.rules.yaml`. */
  readonly file: string;
  /** The values (besides `defaultRules.create`) that must all be true for the chart to render it. */
  readonly when: ReadonlyArray<string>;
  /** Whether the chart's default values meet `when`. */
  readonly enabledByDefault: boolean;
  /** The record names, sorted, each once. */
  readonly records: ReadonlyArray<string>;
}

/** Reads the chart's rule templates; throws on anything this reader does not understand, rather than guessing. */
export function readChartRecordingRules(chartDir: string): ChartRuleFile[] {
  const folder = join(chartDir, RULES_FOLDER);
  if (!existsSync(folder)) throw new Error(`${folder} does not exist`);
  const defaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const files: ChartRuleFile[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(folder, file), 'utf8');
    const records = new Set<string>();
    for (const match of text.matchAll(/^\s*(?:-\s+)?record:\s*(.+?)\s*$/gm)) {
      const raw = match[1];
      if (raw.includes('{{')) throw new Error(`${file}: record ${raw} is templated; extend scripts/chart-recording-rules.ts to read it`);
      const name = /^'.*'$|^".*"$/.test(raw) ? (raw.startsWith('"') ? JSON.parse(raw) : raw.slice(1, -1).replace(/''/g, "'")) : raw;
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`${file}: ${raw} is not a metric name`);
      records.add(name);
    }
    if (records.size === 0) continue;
    // `(not (.Values.defaultRules.disabled.X | default false))` switches a single alert off, never the records.
    const { when } = readTemplateGuard(file, text);
    files.push({ file, when, enabledByDefault: when.every((path) => valueAt(defaults, path) === true), records: [...records].sort() });
  }
  return files;
}

/**
 * The `{{- if ... .Values.defaultRules.create ... }}` guard line of a rule template and the values it
 * requires besides `defaultRules.create` (its `(not (...))` terms, which drop single alerts, left out);
 * throws when the template has no such guard.
 */
export function readTemplateGuard(file: string, text: string): { readonly line: string; readonly when: string[] } {
  const line = text.split('\n').find((l) => l.startsWith('{{- if') && l.includes('.Values.defaultRules.create'));
  if (line === undefined) throw new Error(`${file}: no "{{- if ... .Values.defaultRules.create ..." guard found`);
  const when = [...line.replace(/\(not \([^)]*\)\)/g, '').matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)]
    .map((m) => m[1])
    .filter((path) => path !== 'defaultRules.create');
  return { line, when };
}

/** The value at a dotted path (`kubeEtcd.enabled`) of chart values; undefined where the path is missing. */
export function valueAt(values: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), values);
}

/** A file name, value path or metric name (no quotes or backslashes in any) as a single-quoted literal. */
function quote(text: string): string {
  if (/['\\\n]/.test(text)) throw new Error(`cannot quote ${JSON.stringify(text)}`);
  return `'${text}'`;
}

/** The text of lib/rules/kube-prometheus-stack-records.ts for these rule files. */
export function renderRecordsModule(version: string, files: readonly ChartRuleFile[]): string {
  const lines = [
    `// Generated by scripts/chart-recording-rules.ts from kube-prometheus-stack ${version} (${RULES_FOLDER}/*.yaml); do not edit.`,
    '// test/rules/chart-recording-rules.test.ts checks that it still matches the chart.',
    '',
    '/** A rule template of kube-prometheus-stack: the values that switch it on (besides `defaultRules.create`) and the series it records. */',
    'export interface ChartRecordingRules {',
    '  /** The template\'s file name, e.g. `node.rules.yaml`. */',
    '  readonly file: string;',
    '  /** The chart values that must all be true for the chart to render the template. */',
    '  readonly when: ReadonlyArray<string>;',
    '  /** Whether the chart\'s default values meet {@link when}. */',
    '  readonly enabledByDefault: boolean;',
    '  /** The names of the series the template\'s rules record, sorted. */',
    '  readonly records: ReadonlyArray<string>;',
    '}',
    '',
    '/** The chart version the names were read from. */',
    `export const KUBE_PROMETHEUS_STACK_RECORDS_VERSION = ${quote(version)};`,
    '',
    '/** The recording rules of kube-prometheus-stack\'s default rules (rendered when `defaultRules.create` is on), per template. */',
    'export const KUBE_PROMETHEUS_STACK_RECORDS: ReadonlyArray<ChartRecordingRules> = [',
  ];
  for (const f of files) {
    lines.push(`  {`, `    file: ${quote(f.file)},`, `    when: [${f.when.map(quote).join(', ')}],`, `    enabledByDefault: ${f.enabledByDefault},`, '    records: [');
    for (const record of f.records) lines.push(`      ${quote(record)},`);
    lines.push('    ],', '  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

if (require.main === module) {
  const dir = pinnedChartDir();
  if (!existsSync(dir)) {
    console.error(`${dir} not found: the pinned chart must be in ../shared/charts.`);
    process.exit(1);
  }
  const files = readChartRecordingRules(dir);
  writeFileSync(join(root, RECORDS_MODULE), renderRecordsModule(Charts.kubePrometheusStack.version, files));
  const count = files.reduce((n, f) => n + f.records.length, 0);
  console.log(`${RECORDS_MODULE}: ${count} records in ${files.length} rule templates of kube-prometheus-stack ${Charts.kubePrometheusStack.version}`);
}
