import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compareText } from '../core/compare-text';
import { COMPONENTS_FILE, ComponentRecord, ComponentsDocument, WorkloadRecord } from './components-json';
import { CHART_VALUES_OVERRIDES_FILE, ChartValuesOverridesEntry, parseChartValuesOverrides } from './chart-values-overrides';

/** An alerting rule as a rule file holds it (Prometheus `rules/` or Loki `loki-rules/`). */
export interface AlertRecord {
  /** Which ruler evaluates the rule. */
  readonly source: 'Prometheus' | 'Loki';
  /** Review file, e.g. `rules/service-health.yaml`. */
  readonly file: string;
  /** Name of the rule group. */
  readonly group: string;
  /** The alert name. */
  readonly name: string;
  /** The query with its condition (PromQL or LogQL). */
  readonly expr: string;
  /** The rule's `for` duration as written, e.g. `5m`; absent when it fires at once. */
  readonly for?: string;
  /** The rule's `keep_firing_for` duration as written; absent when not set. */
  readonly keepFiringFor?: string;
  /** The rule's static labels (severity, team…). */
  readonly labels: Readonly<Record<string, string>>;
  /** The rule's annotations (summary, description, runbook_url…). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A recording rule, identified by file, group and the series it records. */
export interface RecordingRecord {
  /** Which ruler evaluates the rule. */
  readonly source: 'Prometheus' | 'Loki';
  /** Review file, e.g. `rules/service-recording.yaml`. */
  readonly file: string;
  /** Name of the rule group. */
  readonly group: string;
  /** The recorded series name (`record`). */
  readonly name: string;
  /** The query (PromQL or LogQL). */
  readonly expr: string;
}

/** A node of Alertmanager's routing tree, flattened. */
export interface RouteRecord {
  /** Reviewer-readable position: `root`, `root › team="platform" › severity="critical" (2nd)`. */
  readonly key: string;
  /** Key of the parent route (undefined for the root). */
  readonly parent?: string;
  /** The route's own settings (`routes` left out), as in alertmanager.yaml. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** Alertmanager's configuration, as the diff needs it. */
export interface AlertmanagerRecord {
  /** Every route of the tree, root first. */
  readonly routes: ReadonlyArray<RouteRecord>;
  /** Receivers by name, canonical JSON. */
  readonly receivers: Readonly<Record<string, unknown>>;
  /** Each inhibit rule as canonical JSON text. */
  readonly inhibitRules: ReadonlyArray<string>;
  /** Time intervals by name, canonical JSON. */
  readonly timeIntervals: Readonly<Record<string, unknown>>;
  /** The `global` section, canonical JSON (`{}` when absent). */
  readonly global: Readonly<Record<string, unknown>>;
}

/** A Grafana dashboard of `dashboards/<uid>.json`. */
export interface DashboardRecord {
  /** The dashboard uid. */
  readonly uid: string;
  /** The dashboard title. */
  readonly title: string;
  /** From summary.md's dashboard table; undefined when the summary does not say. */
  readonly folder?: string;
  /** Panels (rows included) by title, with their JSON, in order. */
  readonly panels: ReadonlyArray<{ readonly title: string; readonly json: string }>;
  /** The whole dashboard, canonical, to notice changes outside the panels. */
  readonly json: string;
}

/** What one stack's review folder says, parsed. */
export interface StackReview {
  /** The stack's name (its folder name). */
  readonly name: string;
  /** From components.json, or from summary.md's component table for commits before components.json. */
  readonly components: ReadonlyArray<ComponentRecord>;
  /** Where `components` came from. */
  readonly componentsFrom: 'components.json' | 'summary.md' | 'none';
  /** The `- key: value` lines of summary.md's Environment section. */
  readonly environment: Readonly<Record<string, string>>;
  /** Every alerting rule of the stack's rule files. */
  readonly alerts: ReadonlyArray<AlertRecord>;
  /** Every recording rule of the stack's rule files. */
  readonly recordings: ReadonlyArray<RecordingRecord>;
  /** Undefined when the stack has no alertmanager.yaml. */
  readonly alertmanager?: AlertmanagerRecord;
  /** The stack's dashboards. */
  readonly dashboards: ReadonlyArray<DashboardRecord>;
  /** Every other file (otel-collector, fluent-bit.conf, jaeger sampling, …): path → content. */
  readonly otherFiles: Readonly<Record<string, string>>;
  /** The chart-values overrides of `chart-values-overrides.json`. @default none */
  readonly chartValuesOverrides?: ReadonlyArray<ChartValuesOverridesEntry>;
}

/** A whole `cdktf.out/review/` folder: one entry per stack, by name. */
export type ReviewTree = ReadonlyMap<string, StackReview>;

/** Reads `<dir>/<stack>/**` for every stack folder of a review directory; undefined when it does not exist. */
export function loadReviewTree(reviewDir: string): ReviewTree | undefined {
  if (!existsSync(reviewDir) || !statSync(reviewDir).isDirectory()) return undefined;
  const stacks = new Map<string, StackReview>();
  const names = readdirSync(reviewDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const name of names) stacks.set(name, parseStackReview(name, readFiles(join(reviewDir, name))));
  return stacks;
}

function readFiles(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) for (const [k, v] of readFiles(join(dir, entry.name), `${relative}/`)) out.set(k, v);
    else out.set(relative, readFileSync(join(dir, entry.name), 'utf8'));
  }
  return out;
}

/** Parses the files of one stack's review folder (relative path → content). */
export function parseStackReview(name: string, files: ReadonlyMap<string, string>): StackReview {
  const summary = files.get('summary.md') ?? '';
  const componentsJson = files.get(COMPONENTS_FILE);
  const components = componentsJson !== undefined
    ? (JSON.parse(componentsJson) as ComponentsDocument).components
    : componentsFromSummary(summary);
  const alerts: AlertRecord[] = [];
  const recordings: RecordingRecord[] = [];
  const dashboards: DashboardRecord[] = [];
  const folders = dashboardFolders(summary);
  const otherFiles: Record<string, string> = {};
  let alertmanager: AlertmanagerRecord | undefined;
  let chartValuesOverrides: ChartValuesOverridesEntry[] = [];
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path)!;
    if (path === 'summary.md' || path === COMPONENTS_FILE) continue;
    if (path === CHART_VALUES_OVERRIDES_FILE) {
      chartValuesOverrides = parseChartValuesOverrides(content);
      continue;
    }
    if (/^(rules|loki-rules)\/[^/]+\.ya?ml$/.test(path)) {
      readRuleFile(path, content, path.startsWith('loki-') ? 'Loki' : 'Prometheus', alerts, recordings);
    } else if (path === 'alertmanager.yaml') {
      alertmanager = readAlertmanager(content);
    } else if (/^dashboards\/[^/]+\.json$/.test(path)) {
      dashboards.push(readDashboard(path, content, folders));
    } else {
      otherFiles[path] = content;
    }
  }
  return {
    name,
    components,
    componentsFrom: componentsJson !== undefined ? 'components.json' : components.length > 0 ? 'summary.md' : 'none',
    environment: environmentOf(summary),
    alerts,
    recordings,
    alertmanager,
    dashboards,
    otherFiles,
    ...(chartValuesOverrides.length > 0 ? { chartValuesOverrides } : {}),
  };
}

function readRuleFile(file: string, content: string, source: AlertRecord['source'], alerts: AlertRecord[], recordings: RecordingRecord[]): void {
  const doc = (parse(content) ?? {}) as { groups?: Array<{ name: string; rules?: Array<Record<string, unknown>> }> };
  for (const group of doc.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (typeof rule.alert === 'string') {
        alerts.push({
          source,
          file,
          group: group.name,
          name: rule.alert,
          expr: String(rule.expr ?? '').trim(),
          ...(rule.for !== undefined ? { for: String(rule.for) } : {}),
          ...(rule.keep_firing_for !== undefined ? { keepFiringFor: String(rule.keep_firing_for) } : {}),
          labels: stringRecord(rule.labels),
          annotations: stringRecord(rule.annotations),
        });
      } else if (typeof rule.record === 'string') {
        recordings.push({ source, file, group: group.name, name: rule.record, expr: String(rule.expr ?? '').trim() });
      }
    }
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

function readAlertmanager(content: string): AlertmanagerRecord {
  const doc = (parse(content) ?? {}) as Record<string, unknown>;
  const routes: RouteRecord[] = [];
  const walk = (route: Record<string, unknown>, key: string, parent?: string): void => {
    const { routes: children, ...settings } = route;
    routes.push({ key, ...(parent !== undefined ? { parent } : {}), settings: canonical(settings) as Record<string, unknown> });
    const seen = new Map<string, number>();
    for (const child of (children as Array<Record<string, unknown>> | undefined) ?? []) {
      const matchers = matchersOf(child);
      const count = (seen.get(matchers) ?? 0) + 1;
      seen.set(matchers, count);
      walk(child, `${key} › ${matchers}${count > 1 ? ` (${ordinal(count)})` : ''}`, key);
    }
  };
  walk((doc.route ?? {}) as Record<string, unknown>, 'root');
  const receivers: Record<string, unknown> = {};
  for (const r of (doc.receivers as Array<Record<string, unknown>> | undefined) ?? []) {
    const { name, ...rest } = r;
    receivers[String(name)] = canonical(rest);
  }
  const timeIntervals: Record<string, unknown> = {};
  for (const t of [...((doc.time_intervals as Array<Record<string, unknown>>) ?? []), ...((doc.mute_time_intervals as Array<Record<string, unknown>>) ?? [])]) {
    timeIntervals[String(t.name)] = canonical(t.time_intervals);
  }
  return {
    routes,
    receivers,
    inhibitRules: ((doc.inhibit_rules as unknown[]) ?? []).map((rule) => JSON.stringify(canonical(rule))),
    timeIntervals,
    global: (canonical(doc.global ?? {}) as Record<string, unknown>),
  };
}

/** `team="platform", severity="critical"`, or `any alert` for a route without matchers. */
function matchersOf(route: Record<string, unknown>): string {
  const list: string[] = [
    ...((route.matchers as string[] | undefined) ?? []),
    // Old-style match/match_re, which the library never writes but a hand-written base might.
    ...Object.entries((route.match as Record<string, string> | undefined) ?? {}).map(([k, v]) => `${k}="${v}"`),
    ...Object.entries((route.match_re as Record<string, string> | undefined) ?? {}).map(([k, v]) => `${k}=~"${v}"`),
  ];
  return list.length > 0 ? list.join(', ') : 'any alert';
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** Objects with sorted keys, so that key order alone never counts as a change. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function readDashboard(path: string, content: string, folders: ReadonlyMap<string, string>): DashboardRecord {
  const doc = JSON.parse(content) as { uid?: string; title?: string; panels?: Array<Record<string, unknown>> };
  const uid = doc.uid ?? path.replace(/^dashboards\//, '').replace(/\.json$/, '');
  const panels: Array<{ title: string; json: string }> = [];
  const add = (list: Array<Record<string, unknown>> | undefined): void => {
    for (const panel of list ?? []) {
      const { gridPos: _gridPos, id: _id, panels: nested, ...rest } = panel;
      panels.push({ title: String(panel.title ?? '(untitled)'), json: JSON.stringify(canonical(rest)) });
      add(nested as Array<Record<string, unknown>> | undefined);
    }
  };
  add(doc.panels);
  return {
    uid,
    title: doc.title ?? uid,
    ...(folders.has(uid) ? { folder: folders.get(uid) } : {}),
    panels,
    json: JSON.stringify(canonical(doc)),
  };
}

/** The rows of a summary.md table whose header starts with `firstColumn`, as header → cell maps. */
export function summaryTable(summary: string, firstColumn: string): Array<Record<string, string>> {
  const lines = summary.split('\n');
  const start = lines.findIndex((line) => line.toLowerCase().startsWith(`| ${firstColumn.toLowerCase()} |`));
  if (start < 0) return [];
  const header = cells(lines[start]).map((h) => h.toLowerCase());
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const values = cells(line);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
  }
  return rows;
}

function cells(line: string): string[] {
  return line.replace(/^\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim());
}

function dashboardFolders(summary: string): Map<string, string> {
  return new Map(summaryTable(summary, 'Folder').map((row) => [row.uid, row.folder]));
}

/** The component table of a summary.md written before components.json existed. */
function componentsFromSummary(summary: string): ComponentRecord[] {
  const none = (cell: string | undefined): string | undefined => (cell === undefined || cell === '' || cell === '—' ? undefined : cell);
  const resources = (cell: string | undefined): { cpu: string; memory: string } | undefined => {
    const match = /^(\S+) CPU, (\S+)$/.exec(cell ?? '');
    return match ? { cpu: match[1], memory: match[2] } : undefined;
  };
  return summaryTable(summary, 'component').filter((row) => !row.component.includes(' › ')).map((row) => {
    const chart = none(row.chart)?.split(' ');
    const replicas = Number(row.replicas);
    const requests = resources(row['requests (per replica)']);
    const limits = resources(row['limits (per replica)']);
    const main: WorkloadRecord = {
      name: 'main',
      // Before per-node counts existed, a DaemonSet showed "—".
      replicas: Number.isInteger(replicas) ? replicas : 'per node',
      ...(requests ? { requests } : {}),
      ...(limits ? { limits } : {}),
    };
    const retention = none(row.retention);
    const storage = none(row.storage);
    return {
      path: row.path.replace(/`/g, ''),
      component: row.component,
      namespace: row.namespace,
      ...(chart && chart.length >= 2 ? { chart: { name: chart.slice(0, -1).join(' '), version: chart[chart.length - 1] } } : {}),
      ...(retention !== undefined ? { retention } : {}),
      ...(storage !== undefined ? { storage } : {}),
      workloads: [main],
    };
  }).sort((a, b) => compareText(a.path, b.path));
}

/** `- key: value` lines of the Environment section. */
function environmentOf(summary: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = summary.split('\n');
  const start = lines.indexOf('## Environment');
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    const match = /^- ([^:]+): (.*)$/.exec(line);
    if (match) out[match[1]] = match[2];
  }
  return out;
}
