import { ChartValuesOverrideRecord, chartValuesOverridePaths } from '../core/chart-values-override';
import type { SummarySection } from './component-review';

// The chart-values overrides of a stack (`chartValues` props) as review data: a file next to summary.md,
// a section of summary.md, and the review diff's "Chart values overrides" section. Written only when
// the stack has overrides, so stacks without any review as before.

/** The review file that lists a stack's chart-values overrides, path by path. */
export const CHART_VALUES_OVERRIDES_FILE = 'chart-values-overrides.json';

/** The overrides of one release, as `chart-values-overrides.json` records them. */
export interface ChartValuesOverridesEntry {
  /** Construct path of the component, e.g. `monitoring-prod/prometheus`. */
  readonly path: string;
  /** Helm release name. */
  readonly release: string;
  /** `<chart> <version>`. */
  readonly chart: string;
  /** Each overridden leaf: dot-joined key path → the value as JSON. */
  readonly values: Readonly<Record<string, string>>;
}

/** The content of `chart-values-overrides.json`. */
interface ChartValuesOverridesDocument {
  /** Version of this document's format. */
  readonly schema: 1;
  /** One entry per overridden release, by construct path then release. */
  readonly releases: ReadonlyArray<ChartValuesOverridesEntry>;
}

/** The entries of the recorded overrides, in their (sorted) order. */
function chartValuesOverrideEntries(records: ReadonlyArray<ChartValuesOverrideRecord>): ChartValuesOverridesEntry[] {
  return records.map((r) => ({
    path: r.constructPath,
    release: r.releaseName,
    chart: `${r.chart.chart} ${r.chart.version}`,
    values: Object.fromEntries(chartValuesOverridePaths(r.values)),
  }));
}

/** `chart-values-overrides.json`, two-space indented. */
export function renderChartValuesOverridesJson(records: ReadonlyArray<ChartValuesOverrideRecord>): string {
  const document: ChartValuesOverridesDocument = { schema: 1, releases: chartValuesOverrideEntries(records) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The summary.md section: per release, each overridden path and its value. */
export function chartValuesOverridesSection(records: ReadonlyArray<ChartValuesOverrideRecord>): SummarySection {
  return {
    title: 'Chart values overrides',
    order: 5,
    render: () => {
      const lines = ['Values set with `chartValues` (no typed prop covers them), merged last over the construct\'s values:', ''];
      for (const entry of chartValuesOverrideEntries(records)) {
        lines.push(`- ${entry.release} (\`${entry.path}\`, ${entry.chart}):`);
        for (const [path, value] of Object.entries(entry.values)) lines.push(`  - \`${path}\`: \`${value}\``);
      }
      return lines.join('\n');
    },
  };
}

/** Reads `chart-values-overrides.json`; entries of an unreadable file are none. */
export function parseChartValuesOverrides(content: string): ChartValuesOverridesEntry[] {
  try {
    const doc = JSON.parse(content) as Partial<ChartValuesOverridesDocument>;
    return Array.isArray(doc.releases) ? [...doc.releases] : [];
  } catch {
    return [];
  }
}

/** Diff lines: per release, each override path added, changed or removed, with its value. */
export function diffChartValuesOverrides(base: ReadonlyArray<ChartValuesOverridesEntry>, head: ReadonlyArray<ChartValuesOverridesEntry>): string[] {
  const key = (e: ChartValuesOverridesEntry) => `${e.path}\u0000${e.release}`;
  const before = new Map(base.map((e) => [key(e), e]));
  const after = new Map(head.map((e) => [key(e), e]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const lines: string[] = [];
  for (const k of keys) {
    const [b, h] = [before.get(k), after.get(k)];
    const entry = (h ?? b)!;
    const changes: string[] = [];
    const paths = [...new Set([...Object.keys(b?.values ?? {}), ...Object.keys(h?.values ?? {})])].sort();
    for (const path of paths) {
      const [was, now] = [b?.values[path], h?.values[path]];
      if (was === now) continue;
      if (was === undefined) changes.push(`  - ${tick(path)} set to ${tick(now!)}`);
      else if (now === undefined) changes.push(`  - ${tick(path)} no longer overridden (was ${tick(was)})`);
      else changes.push(`  - ${tick(path)}: ${tick(was)} → ${tick(now)}`);
    }
    if (changes.length > 0) lines.push(`- ${entry.release} (${tick(entry.path)}, ${entry.chart}):`, ...changes);
  }
  return lines;
}

function tick(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}
