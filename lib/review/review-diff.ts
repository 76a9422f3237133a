import { ComponentRecord, ReplicaCount, WorkloadRecord, requestTotals } from './components-json';
import { diffChartValuesOverrides } from './chart-values-overrides';
import { lineDiff } from './line-diff';
import type { AlertRecord, AlertmanagerRecord, DashboardRecord, RecordingRecord, ReviewTree, StackReview } from './review-tree';
import { cpuQuantity, memoryQuantity } from './summary';

/** One titled part of a stack's changes: Markdown lines (bullets, sometimes with fenced blocks). */
export interface DiffSection {
  /** Section heading, one of {@link SECTION_ORDER}. */
  readonly title: string;
  /** The section's Markdown lines. */
  readonly lines: ReadonlyArray<string>;
}

/** What changed in one stack between the base and the working tree. */
export interface StackDiff {
  /** The stack's name. */
  readonly name: string;
  /** Whether the stack is new, gone, changed or unchanged in the working tree. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** In the fixed order of {@link SECTION_ORDER}; only sections with changes. */
  readonly sections: ReadonlyArray<DiffSection>;
  /** Remarks on how the comparison was made, e.g. components read from an old summary.md. */
  readonly notes: ReadonlyArray<string>;
}

/** The order in which sections appear, the reviewer's priorities first. */
export const SECTION_ORDER = [
  'Alerts',
  'Routing',
  'Components and charts',
  'Chart values overrides',
  'Sizing and retention',
  'Recording rules',
  'Dashboards',
  'Environment',
  'Other configuration files',
] as const;

type SectionTitle = (typeof SECTION_ORDER)[number];

/** Longest expression or file diff shown inline; longer ones are cut with a pointer to the files. */
const MAX_DIFF_LINES = 60;
/** Longest list of names (recording rules) before "and N more". */
const MAX_NAMES = 20;
/** Values under these keys are never shown, only that they changed (they may be credentials). */
const SECRET_KEY = /(url|key|password|secret|token|credential)/i;

/** Compares two review trees stack by stack, in name order. */
export function diffReviewTrees(base: ReviewTree, head: ReviewTree): StackDiff[] {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  return names.map((name) => {
    const before = base.get(name);
    const after = head.get(name);
    if (!before) return { name, status: 'added', sections: [{ title: 'Components and charts', lines: [`- new stack: ${describeStack(after!)}`] }], notes: [] };
    if (!after) return { name, status: 'removed', sections: [{ title: 'Components and charts', lines: [`- stack removed; it had ${describeStack(before)}`] }], notes: [] };
    return diffStack(before, after);
  });
}

/** Compares one stack's review of the base with the working tree's. */
export function diffStack(base: StackReview, head: StackReview): StackDiff {
  const sections = new Map<SectionTitle, string[]>(SECTION_ORDER.map((t) => [t, []]));
  const add = (title: SectionTitle, lines: string[]): void => {
    sections.get(title)!.push(...lines);
  };
  add('Alerts', diffAlerts(base.alerts, head.alerts));
  add('Recording rules', diffRecordings(base.recordings, head.recordings));
  add('Routing', diffAlertmanager(base.alertmanager, head.alertmanager));
  add('Dashboards', diffDashboards(base.dashboards, head.dashboards));
  const components = diffComponents(base.components, head.components);
  add('Components and charts', components.charts);
  add('Sizing and retention', components.sizing);
  add('Chart values overrides', diffChartValuesOverrides(base.chartValuesOverrides ?? [], head.chartValuesOverrides ?? []));
  add('Environment', diffRecord(base.environment, head.environment, (k) => k));
  add('Other configuration files', diffFiles(base.otherFiles, head.otherFiles));
  const notes: string[] = [];
  if (base.componentsFrom === 'summary.md' && head.componentsFrom === 'components.json') {
    notes.push('The base has no components.json (it predates it); its components were read from its summary.md.');
  }
  const nonEmpty = SECTION_ORDER.filter((t) => sections.get(t)!.length > 0).map((t) => ({ title: t, lines: sections.get(t)! }));
  return { name: head.name, status: nonEmpty.length > 0 ? 'changed' : 'unchanged', sections: nonEmpty, notes };
}

function describeStack(s: StackReview): string {
  const charts = s.components.map((c) => (c.chart ? `${c.chart.name} ${c.chart.version}` : c.component));
  return [
    `${count(s.components.length, 'component')}${charts.length > 0 ? ` (${charts.join(', ')})` : ''}`,
    count(s.alerts.length, 'alert'),
    count(s.alertmanager?.routes.length ?? 0, 'route'),
    count(s.dashboards.length, 'dashboard'),
  ].join(', ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block indented under a list item. */
function fenced(language: string, lines: ReadonlyArray<string>, indent: string): string[] {
  const shown = lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more lines`] : lines;
  const fence = shown.some((l) => l.includes('```')) ? '~~~~' : '```';
  return [`${indent}${fence}${language}`, ...shown.map((l) => `${indent}${l}`), `${indent}${fence}`];
}

// ---------------------------------------------------------------- alerts

function alertWhere(a: AlertRecord): string {
  return `${a.source}, ${a.file} › ${a.group}`;
}

function alertBrief(a: AlertRecord): string {
  const parts = [a.labels.severity ?? 'no severity', a.labels.team !== undefined ? `team ${a.labels.team}` : 'no team'];
  if (a.for !== undefined) parts.push(`for ${a.for}`);
  return parts.join(', ');
}

/**
 * Pairs the alerts of base and head: same source, file, group and name (SLO packs repeat a name per
 * severity, so equal severities pair first); then alerts that only moved to another file or group.
 */
function pairAlerts(base: ReadonlyArray<AlertRecord>, head: ReadonlyArray<AlertRecord>) {
  const pairs: Array<[AlertRecord, AlertRecord]> = [];
  const removed = [...base];
  const added: AlertRecord[] = [];
  const take = (list: AlertRecord[], match: (a: AlertRecord) => boolean): AlertRecord | undefined => {
    const index = list.findIndex(match);
    return index < 0 ? undefined : list.splice(index, 1)[0];
  };
  const same = (a: AlertRecord, b: AlertRecord): boolean => a.source === b.source && a.file === b.file && a.group === b.group && a.name === b.name;
  const rest: AlertRecord[] = [];
  for (const h of head) {
    const b = take(removed, (r) => same(r, h) && r.labels.severity === h.labels.severity);
    if (b) pairs.push([b, h]);
    else rest.push(h);
  }
  for (const h of rest) {
    const b = take(removed, (r) => same(r, h)) ?? take(removed, (r) => r.source === h.source && r.name === h.name && r.labels.severity === h.labels.severity);
    if (b) pairs.push([b, h]);
    else added.push(h);
  }
  return { pairs, added, removed };
}

function diffAlerts(base: ReadonlyArray<AlertRecord>, head: ReadonlyArray<AlertRecord>): string[] {
  const { pairs, added, removed } = pairAlerts(base, head);
  const lines: string[] = [];
  for (const a of added) {
    lines.push(`- added ${code(a.name)} (${alertBrief(a)}) in ${alertWhere(a)}`, `  - expr: ${code(a.expr)}`);
  }
  for (const [b, h] of pairs) {
    const changes = alertChanges(b, h);
    if (changes.length === 0) continue;
    lines.push(`- changed ${code(h.name)} (${alertWhere(h)}):`, ...changes);
  }
  for (const a of removed) lines.push(`- removed ${code(a.name)} (was ${alertBrief(a)}) from ${alertWhere(a)}`);
  return lines;
}

function alertChanges(b: AlertRecord, h: AlertRecord): string[] {
  const out: string[] = [];
  if (b.file !== h.file || b.group !== h.group) out.push(`  - moved from ${b.file} › ${b.group}`);
  for (const label of ['severity', 'team']) {
    if (b.labels[label] !== h.labels[label]) out.push(`  - ${label}: ${b.labels[label] ?? '(none)'} → ${h.labels[label] ?? '(none)'}`);
  }
  if (b.for !== h.for) out.push(`  - for: ${b.for ?? '(none, fires at once)'} → ${h.for ?? '(none, fires at once)'}`);
  if (b.keepFiringFor !== h.keepFiringFor) out.push(`  - keep_firing_for: ${b.keepFiringFor ?? '(none)'} → ${h.keepFiringFor ?? '(none)'}`);
  if (b.expr !== h.expr) {
    out.push('  - expr:', ...fenced('diff', [...b.expr.split('\n').map((l) => `- ${l}`), ...h.expr.split('\n').map((l) => `+ ${l}`)], '    '));
  }
  const others = (r: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'severity' && k !== 'team'));
  out.push(...diffRecord(others(b.labels), others(h.labels), (k) => `label ${code(k)}`).map((l) => `  ${l}`));
  out.push(...diffRecord(b.annotations, h.annotations, (k) => `annotation ${code(k)}`).map((l) => `  ${l}`));
  return out;
}

/** Changes of a string map: `- <what>: a → b`, `- <what> added: v`, `- <what> removed (was v)`. */
function diffRecord(base: Readonly<Record<string, string>>, head: Readonly<Record<string, string>>, what: (key: string) => string): string[] {
  const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const out: string[] = [];
  for (const k of keys) {
    const [b, h] = [base[k], head[k]];
    if (b === h) continue;
    if (b === undefined) out.push(`- ${what(k)} added: ${code(h)}`);
    else if (h === undefined) out.push(`- ${what(k)} removed (was ${code(b)})`);
    else out.push(`- ${what(k)}: ${code(b)} → ${code(h)}`);
  }
  return out;
}

// ---------------------------------------------------------------- recording rules

function diffRecordings(base: ReadonlyArray<RecordingRecord>, head: ReadonlyArray<RecordingRecord>): string[] {
  const key = (r: RecordingRecord, i: number) => `${r.source}\u0000${r.file}\u0000${r.group}\u0000${r.name}\u0000${i}`;
  const index = (list: ReadonlyArray<RecordingRecord>) => {
    const seen = new Map<string, number>();
    return new Map(list.map((r) => {
      const k = `${r.source}\u0000${r.file}\u0000${r.group}\u0000${r.name}`;
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      return [key(r, n), r] as const;
    }));
  };
  const b = index(base);
  const h = index(head);
  const added = [...h.keys()].filter((k) => !b.has(k)).map((k) => h.get(k)!);
  const removed = [...b.keys()].filter((k) => !h.has(k)).map((k) => b.get(k)!);
  const changed = [...h.keys()].filter((k) => b.has(k) && b.get(k)!.expr !== h.get(k)!.expr).map((k) => [b.get(k)!, h.get(k)!] as const);
  const names = (list: ReadonlyArray<RecordingRecord>) => {
    const shown = list.slice(0, MAX_NAMES).map((r) => `${code(r.name)} (${r.file} › ${r.group})`);
    return list.length > MAX_NAMES ? `${shown.join(', ')} and ${list.length - MAX_NAMES} more` : shown.join(', ');
  };
  const lines: string[] = [];
  if (added.length > 0) lines.push(`- added ${count(added.length, 'recording rule')}: ${names(added)}`);
  for (const [before, after] of changed) {
    lines.push(`- changed ${code(after.name)} (${after.file} › ${after.group}):`, '  - expr:', ...fenced('diff', [`- ${before.expr}`, `+ ${after.expr}`], '    '));
  }
  if (removed.length > 0) lines.push(`- removed ${count(removed.length, 'recording rule')}: ${names(removed)}`);
  return lines;
}

// ---------------------------------------------------------------- routing

function diffAlertmanager(base: AlertmanagerRecord | undefined, head: AlertmanagerRecord | undefined): string[] {
  if (!base && !head) return [];
  if (!base) return [`- Alertmanager configuration added: ${count(head!.routes.length, 'route')}, receivers ${Object.keys(head!.receivers).sort().join(', ')}`];
  if (!head) return [`- Alertmanager configuration removed (it had ${count(base.routes.length, 'route')}); no alert notifies anyone from this stack now`];
  const lines: string[] = [];
  const before = new Map(base.routes.map((r) => [r.key, r]));
  const after = new Map(head.routes.map((r) => [r.key, r]));
  for (const route of head.routes) {
    const old = before.get(route.key);
    if (!old) {
      lines.push(`- route added: ${code(route.key)} → ${routeBrief(route.settings)}`);
      continue;
    }
    const changes = diffSettings(old.settings, route.settings);
    if (changes.length > 0) lines.push(`- route ${code(route.key)}: ${changes.join('; ')}`);
  }
  for (const route of base.routes) {
    if (!after.has(route.key)) lines.push(`- route removed: ${code(route.key)} (was ${routeBrief(route.settings)})`);
  }
  // Children are tried in order, so a reordering changes where alerts go even when no route changed.
  for (const parent of head.routes) {
    const kids = (list: AlertmanagerRecord['routes']) => list.filter((r) => r.parent === parent.key && before.has(r.key) && after.has(r.key)).map((r) => r.key);
    const [was, now] = [kids(base.routes), kids(head.routes)];
    if (was.join('\n') !== now.join('\n')) lines.push(`- order of the routes under ${code(parent.key)} changed (first match wins): now ${now.map((k) => code(k.slice(parent.key.length + 3))).join(', ')}`);
  }
  const receivers = [...new Set([...Object.keys(base.receivers), ...Object.keys(head.receivers)])].sort();
  for (const name of receivers) {
    const [b, h] = [base.receivers[name], head.receivers[name]];
    if (b === undefined) lines.push(`- receiver added: ${code(name)} (${integrations(h)})`);
    else if (h === undefined) lines.push(`- receiver removed: ${code(name)} (was ${integrations(b)})`);
    else {
      const changes = diffSettings(b as Record<string, unknown>, h as Record<string, unknown>);
      if (changes.length > 0) lines.push(`- receiver ${code(name)}: ${changes.join('; ')}`);
    }
  }
  const inhibitBefore = new Set(base.inhibitRules);
  const inhibitAfter = new Set(head.inhibitRules);
  for (const rule of head.inhibitRules) if (!inhibitBefore.has(rule)) lines.push(`- inhibit rule added: ${code(rule)}`);
  for (const rule of base.inhibitRules) if (!inhibitAfter.has(rule)) lines.push(`- inhibit rule removed: ${code(rule)}`);
  const intervals = [...new Set([...Object.keys(base.timeIntervals), ...Object.keys(head.timeIntervals)])].sort();
  for (const name of intervals) {
    const [b, h] = [base.timeIntervals[name], head.timeIntervals[name]];
    if (b === undefined) lines.push(`- time interval added: ${code(name)}`);
    else if (h === undefined) lines.push(`- time interval removed: ${code(name)}`);
    else if (JSON.stringify(b) !== JSON.stringify(h)) lines.push(`- time interval ${code(name)}: ${code(JSON.stringify(b))} → ${code(JSON.stringify(h))}`);
  }
  const global = diffSettings(base.global as Record<string, unknown>, head.global as Record<string, unknown>);
  if (global.length > 0) lines.push(`- global settings: ${global.join('; ')}`);
  return lines;
}

function routeBrief(settings: Readonly<Record<string, unknown>>): string {
  const parts = [settings.receiver !== undefined ? `receiver ${code(String(settings.receiver))}` : 'receiver inherited'];
  if (settings.continue === true) parts.push('continue');
  for (const key of ['active_time_intervals', 'mute_time_intervals'] as const) {
    if (Array.isArray(settings[key])) parts.push(`${key.replace(/_/g, ' ')}: ${(settings[key] as string[]).join(', ')}`);
  }
  return parts.join(', ');
}

function integrations(receiver: unknown): string {
  const kinds = Object.keys((receiver ?? {}) as object).filter((k) => k.endsWith('_configs'));
  return kinds.length > 0 ? kinds.join(', ') : 'no integrations: drops notifications';
}

/** Leaf-by-leaf changes of two settings objects: `path a → b`; values under secret-like keys are hidden. */
function diffSettings(base: Readonly<Record<string, unknown>>, head: Readonly<Record<string, unknown>>): string[] {
  const flat = (value: unknown, prefix: string, out: Map<string, string>): Map<string, string> => {
    if (value !== null && typeof value === 'object' && !(Array.isArray(value) && value.every((v) => typeof v !== 'object'))) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) flat(v, prefix === '' ? k : `${prefix}.${k}`, out);
    } else {
      out.set(prefix, Array.isArray(value) ? `[${value.join(', ')}]` : String(value));
    }
    return out;
  };
  const b = flat(base, '', new Map());
  const h = flat(head, '', new Map());
  const keys = [...new Set([...b.keys(), ...h.keys()])].sort();
  const out: string[] = [];
  for (const k of keys) {
    const [x, y] = [b.get(k), h.get(k)];
    if (x === y) continue;
    if (SECRET_KEY.test(k)) out.push(`${k} changed (value not shown)`);
    else if (x === undefined) out.push(`${k} set to ${code(y!)}`);
    else if (y === undefined) out.push(`${k} unset (was ${code(x)})`);
    else out.push(`${k} ${code(x)} → ${code(y)}`);
  }
  return out;
}

// ---------------------------------------------------------------- dashboards

function diffDashboards(base: ReadonlyArray<DashboardRecord>, head: ReadonlyArray<DashboardRecord>): string[] {
  const before = new Map(base.map((d) => [d.uid, d]));
  const after = new Map(head.map((d) => [d.uid, d]));
  const lines: string[] = [];
  const where = (d: DashboardRecord) => (d.folder !== undefined ? ` in folder ${d.folder}` : '');
  for (const d of head) {
    const old = before.get(d.uid);
    if (!old) {
      lines.push(`- added ${code(d.uid)} “${d.title}”${where(d)} (${count(d.panels.length, 'panel')})`);
      continue;
    }
    if (old.json === d.json && old.folder === d.folder) continue;
    const changes: string[] = [];
    if (old.title !== d.title) changes.push(`title “${old.title}” → “${d.title}”`);
    if (old.folder !== d.folder && old.folder !== undefined && d.folder !== undefined) changes.push(`folder ${old.folder} → ${d.folder}`);
    const titles = (list: DashboardRecord['panels']) => list.map((p) => p.title);
    const gone = multisetMinus(titles(old.panels), titles(d.panels));
    const fresh = multisetMinus(titles(d.panels), titles(old.panels));
    if (fresh.length > 0) changes.push(`panels added: ${fresh.map((t) => `“${t}”`).join(', ')}`);
    if (gone.length > 0) changes.push(`panels removed: ${gone.map((t) => `“${t}”`).join(', ')}`);
    const oldPanels = new Map(old.panels.map((p) => [p.title, p.json]));
    const edited = d.panels.filter((p) => oldPanels.has(p.title) && oldPanels.get(p.title) !== p.json).map((p) => `“${p.title}”`);
    if (edited.length > 0) changes.push(`panels changed (queries or options): ${[...new Set(edited)].join(', ')}`);
    if (changes.length === 0 && old.json !== d.json) changes.push('layout or settings changed (variables, time range, links, positions)');
    if (changes.length > 0) lines.push(`- changed ${code(d.uid)}: ${changes.join('; ')}`);
  }
  for (const d of base) if (!after.has(d.uid)) lines.push(`- removed ${code(d.uid)} “${d.title}”${where(d)}`);
  return lines;
}

function multisetMinus(a: ReadonlyArray<string>, b: ReadonlyArray<string>): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const i = rest.indexOf(x);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

// ---------------------------------------------------------------- components, charts, sizing

function diffComponents(base: ReadonlyArray<ComponentRecord>, head: ReadonlyArray<ComponentRecord>): { charts: string[]; sizing: string[] } {
  const before = new Map(base.map((c) => [c.path, c]));
  const after = new Map(head.map((c) => [c.path, c]));
  const charts: string[] = [];
  const sizing: string[] = [];
  const chartText = (c: ComponentRecord) => (c.chart ? `${c.chart.name} ${c.chart.version}` : 'no chart');
  for (const c of head) {
    const old = before.get(c.path);
    const name = `${c.component} (${code(c.path)})`;
    if (!old) {
      charts.push(`- added ${name}: chart ${chartText(c)}, ${workloadBrief(c.workloads[0])}`);
      continue;
    }
    if (old.chart && c.chart && old.chart.name === c.chart.name && old.chart.version !== c.chart.version) {
      charts.push(`- ${name}: chart ${c.chart.name} ${old.chart.version} → ${c.chart.version}`);
    } else if (old.chart?.name !== c.chart?.name || old.chart?.version !== c.chart?.version) {
      charts.push(`- ${name}: chart ${chartText(old)} → ${chartText(c)}`);
    }
    if (old.component !== c.component) charts.push(`- ${name}: was ${old.component}`);
    if (old.namespace !== c.namespace) charts.push(`- ${name}: namespace ${old.namespace} → ${c.namespace}`);
    const changes: string[] = [];
    if (old.retention !== c.retention) changes.push(`retention ${old.retention ?? '—'} → ${c.retention ?? '—'}`);
    if (old.storage !== c.storage) changes.push(`storage ${old.storage ?? '—'} → ${c.storage ?? '—'}`);
    const workloads = new Map(old.workloads.map((w) => [w.name, w]));
    for (const w of c.workloads) {
      const prefix = w.name === 'main' ? '' : `${w.name} `;
      const was = workloads.get(w.name);
      if (!was) {
        changes.push(`${w.name} added (${workloadBrief(w)})`);
        continue;
      }
      if (was.replicas !== w.replicas) changes.push(`${prefix}replicas ${replicasText(was.replicas)} → ${replicasText(w.replicas)}`);
      if (resourcesText(was.requests) !== resourcesText(w.requests)) changes.push(`${prefix}requests ${resourcesText(was.requests)} → ${resourcesText(w.requests)} per replica`);
      if (resourcesText(was.limits) !== resourcesText(w.limits)) changes.push(`${prefix}limits ${resourcesText(was.limits)} → ${resourcesText(w.limits)} per replica`);
    }
    for (const w of old.workloads) if (!c.workloads.some((n) => n.name === w.name)) changes.push(`${w.name} removed (was ${workloadBrief(w)})`);
    if (changes.length > 0) sizing.push(`- ${name}: ${changes.join('; ')}`);
  }
  for (const c of base) if (!after.has(c.path)) charts.push(`- removed ${c.component} (${code(c.path)}), chart ${chartText(c)}`);
  const [tb, th] = [requestTotals(base), requestTotals(head)];
  const quantities = (cpu: number, memory: number) => (cpu === 0 && memory === 0 ? 'none' : `${cpuQuantity(cpu)} CPU, ${memoryQuantity(memory)}`);
  const fixed = (t: typeof tb) => quantities(t.fixedCpuMillicores, t.fixedMemoryBytes);
  const perNode = (t: typeof tb) => quantities(t.perNodeCpuMillicores, t.perNodeMemoryBytes);
  if (fixed(tb) !== fixed(th)) sizing.push(`- total requests (replicas × requests): ${fixed(tb)} → ${fixed(th)}`);
  if (perNode(tb) !== perNode(th)) sizing.push(`- requests on every node (DaemonSets): ${perNode(tb)} → ${perNode(th)}`);
  return { charts, sizing };
}

function replicasText(r: ReplicaCount): string {
  return r === 'per node' ? 'one per node' : String(r);
}

function resourcesText(r: WorkloadRecord['requests']): string {
  return r ? `${r.cpu} CPU, ${r.memory}` : 'chart default';
}

function workloadBrief(w: WorkloadRecord | undefined): string {
  if (!w) return 'no workload';
  const replicas = w.replicas === 'per node' ? 'one pod per node' : count(w.replicas, 'replica');
  return `${replicas}${w.requests ? `, requests ${resourcesText(w.requests)} each` : ''}`;
}

// ---------------------------------------------------------------- other files

function diffFiles(base: Readonly<Record<string, string>>, head: Readonly<Record<string, string>>): string[] {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const lines: string[] = [];
  const lineCount = (text: string) => text.replace(/\n$/, '').split('\n').length;
  for (const path of paths) {
    const [b, h] = [base[path], head[path]];
    if (b === h) continue;
    if (b === undefined) lines.push(`- added ${code(path)} (${count(lineCount(h), 'line')})`);
    else if (h === undefined) lines.push(`- removed ${code(path)}`);
    else {
      const diff = lineDiff(b, h);
      lines.push(`- changed ${code(path)} (+${diff.added} −${diff.removed})${diff.lines ? ':' : ''}`);
      if (diff.lines) lines.push(...fenced('diff', diff.lines, '  '));
    }
  }
  return lines;
}
