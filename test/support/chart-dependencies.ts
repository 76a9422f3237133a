import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SHARED_CHARTS } from './chart-values';
import { cachedJson, contentHash } from './disk-cache';
import { chartDigest, isUnderTemporaryFolder } from './tools';

/*
 * ../shared/charts is not complete: kube-prometheus-stack 88.5.3 ships only its `crds` subchart, loki
 * 18.11.0 none, and helm refuses to render a chart with a declared dependency missing. So a chart is
 * rendered from a temporary copy whose Chart.yaml lists only what can be rendered honestly:
 *
 * - a subchart present in the chart's own charts/ is used as is;
 * - one missing there but present as ../shared/charts/<name>-<version> (kps's grafana) is copied in;
 * - one missing everywhere and disabled by the values is left out (helm would not render it anyway);
 * - one missing everywhere and ENABLED by the values becomes a placeholder without templates, carrying
 *   only the defaults the parent's templates dereference, and is reported in `notRendered`.
 *
 * When the real subchart appears (in the chart's charts/ or in ../shared), it is used automatically.
 */

/**
 * The defaults of a missing subchart that the parent chart's templates read, per subchart: the real
 * subchart's values for these keys, so the parent renders as it would with the real one.
 */
const PLACEHOLDER_DEFAULTS: Record<string, Record<string, unknown>> = {
  // kube-state-metrics 8.4.0 and prometheus-node-exporter 4.56.1 values.yaml; kps's prometheus
  // ClusterRole reads `<subchart>.kubeRBACProxy.enabled`.
  'kube-state-metrics': { kubeRBACProxy: { enabled: false } },
  'prometheus-node-exporter': { kubeRBACProxy: { enabled: false } },
};

type Values = Record<string, any>;

interface Dependency {
  readonly name: string;
  readonly version: string;
  readonly condition?: string;
  readonly tags?: readonly string[];
  readonly alias?: string;
}

/** A chart folder helm can render, and the enabled subcharts it stands in for without rendering them. */
export interface RenderableChart {
  readonly dir: string;
  readonly notRendered: readonly string[];
  /** Removes the temporary copy, if one was made. */
  readonly dispose: () => void;
}

const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's coalescing of values: maps merge, everything else replaces, null deletes. */
export function coalesceValues(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = coalesceValues(base[key], value);
  }
  return out;
}

function lookup(values: Values, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), values);
}

/** Helm's rule: the first condition path holding a boolean decides, then tags, else enabled. */
function enabled(dependency: Dependency, values: Values): boolean {
  for (const path of (dependency.condition ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const value = lookup(values, path);
    if (typeof value === 'boolean') return value;
  }
  const tags = (dependency.tags ?? []).map((tag) => lookup(values, `tags.${tag}`));
  if (tags.includes(true)) return true;
  if (tags.includes(false)) return false;
  return true;
}

/** ../shared/charts/<name>-<version>, where version may be a plain version or a `1.2.*` / `1.x` pattern. */
function sharedSubchart(dependency: Dependency): string | undefined {
  const exact = join(SHARED_CHARTS, `${dependency.name}-${dependency.version}`);
  if (existsSync(join(exact, 'Chart.yaml'))) return exact;
  if (!/^[0-9.x*]+$/.test(dependency.version)) return undefined;
  const pattern = new RegExp(`^${dependency.name.replace(/[.-]/g, '\\$&')}-${dependency.version.replace(/\./g, '\\.').replace(/[x*]/g, '[0-9]+')}$`);
  const match = existsSync(SHARED_CHARTS) ? readdirSync(SHARED_CHARTS).filter((d) => pattern.test(d)).sort().pop() : undefined;
  return match ? join(SHARED_CHARTS, match) : undefined;
}

function presentInChart(chartDir: string, dependency: Dependency): boolean {
  const charts = join(chartDir, 'charts');
  if (existsSync(join(charts, dependency.name, 'Chart.yaml'))) return true;
  return existsSync(charts) && readdirSync(charts).some((f) => f.startsWith(`${dependency.name}-`) && f.endsWith('.tgz'));
}

type Plan = Array<{ readonly dependency: Dependency; readonly from: string | 'placeholder' }>;

/** What rendering a chart with given values takes: no copy (every dependency present), or a copy made to this plan. */
export interface ChartPlan {
  readonly chartDir: string;
  /** Enabled subcharts stood in for by placeholders. */
  readonly notRendered: readonly string[];
  /** Undefined when the chart renders in place. */
  readonly copy?: { readonly chartYaml: Values; readonly present: readonly Dependency[]; readonly plan: Plan };
}

/** Parsed Chart.yaml and values.yaml of charts outside the temporary folder, once per process: the pinned ones are large. */
const parsedCharts = new Map<string, { chartYaml: Values; defaults?: Map<string, Values> }>();

function parsedChart(chartDir: string): { chartYaml: Values; defaults?: Map<string, Values> } {
  const known = parsedCharts.get(chartDir);
  if (known) return known;
  const parsed = { chartYaml: parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Values };
  // A chart in a temporary folder may be rewritten between renders: read afresh each time.
  if (!isUnderTemporaryFolder(chartDir)) parsedCharts.set(chartDir, parsed);
  return parsed;
}

/**
 * The chart's values.yaml pruned to the paths `enabled` reads for these dependencies (their conditions
 * and tags), which is all the merged values decide here. Parsing a pinned chart's values.yaml costs more
 * than a cached render, so the pruned defaults are cached on disk by a hash of the file, the paths, this
 * file and the yaml library; in memory once per process; never modified by callers.
 */
function conditionDefaults(chartDir: string, dependencies: readonly Dependency[]): Values {
  const parsed = parsedChart(chartDir);
  const paths = dependencies.flatMap((d) => [...(d.condition ?? '').split(',').map((p) => p.trim()).filter(Boolean), ...(d.tags ?? []).map((tag) => `tags.${tag}`)]);
  const memoKey = JSON.stringify(paths);
  parsed.defaults ??= new Map();
  const known = parsed.defaults.get(memoKey);
  if (known) return known;
  const file = join(chartDir, 'values.yaml');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const key = contentHash([require.resolve('yaml/package.json')], ['chart condition defaults', text, memoKey, readFileSync(__filename, 'utf8')]);
  const pruned = cachedJson('monitoring-chart-defaults', key, () => {
    const defaults = (parse(text) ?? {}) as Values;
    const out: Values = {};
    for (const path of paths) {
      // Only the maps along the path and its leaf: lookups of the merged values along it are unchanged.
      const keys = path.split('.');
      let from: unknown = defaults;
      let to = out;
      for (const k of keys) {
        if (!isMap(from) || !Object.hasOwn(from, k)) break;
        from = from[k];
        if (!isMap(from)) to[k] = from;
        else to = (to[k] = isMap(to[k]) ? to[k] : {});
      }
    }
    return out;
  });
  parsed.defaults.set(memoKey, pruned);
  return pruned;
}

/**
 * Which dependencies of the chart at `chartDir` are missing, and where each comes from with these
 * values texts (see the top of this file), without copying anything: a render found in the cache
 * needs no copy.
 */
export function chartPlan(chartDir: string, valuesTexts: readonly string[]): ChartPlan {
  const { chartYaml } = parsedChart(chartDir);
  const dependencies = (chartYaml.dependencies ?? []) as Dependency[];
  const missing = dependencies.filter((d) => !presentInChart(chartDir, d));
  if (missing.length === 0) return { chartDir, notRendered: [] };

  // The merged values decide only whether a dependency missing everywhere is enabled.
  const unshared = missing.filter((d) => !sharedSubchart(d));
  const values = unshared.length === 0 ? {} : valuesTexts.reduce<unknown>((acc, text) => coalesceValues(acc, parse(text) ?? {}), conditionDefaults(chartDir, unshared)) as Values;
  const plan: Plan = [];
  for (const dependency of missing) {
    const shared = sharedSubchart(dependency);
    if (shared) plan.push({ dependency, from: shared });
    else if (enabled(dependency, values)) plan.push({ dependency, from: 'placeholder' });
  }
  const notRendered = plan.filter((p) => p.from === 'placeholder').map((p) => p.dependency.name);
  return { chartDir, notRendered, copy: { chartYaml, present: dependencies.filter((d) => !missing.includes(d)), plan } };
}

/** The plan as cache key parts: each copied dependency with the digest of its ../shared folder or its placeholder's defaults. */
export function planIdentity(plan: ChartPlan): string[] {
  if (!plan.copy) return ['in place'];
  return plan.copy.plan.map(({ dependency, from }) =>
    JSON.stringify([dependency, from === 'placeholder' ? PLACEHOLDER_DEFAULTS[dependency.name] ?? {} : chartDigest(from)]));
}

/**
 * The chart folder helm renders for a plan: the chart itself, or a temporary copy. `copies` lets
 * several renders share one copy per chart and plan; the caller disposes of them.
 */
export function chartCopy(plan: ChartPlan, copies = new Map<string, RenderableChart>()): RenderableChart {
  if (!plan.copy) return { dir: plan.chartDir, notRendered: [], dispose: () => undefined };
  const key = JSON.stringify([plan.chartDir, plan.copy.plan]);
  const built = copies.get(key) ?? buildCopy(plan.chartDir, plan.copy.chartYaml, plan.copy.present, plan.copy.plan);
  copies.set(key, built);
  return built;
}

/**
 * The chart at `chartDir` ready for `helm template` with these values texts: the folder itself when
 * every declared dependency is present, else a temporary copy as described at the top of this file.
 * `copies` lets several renders share one copy per chart and plan; the caller disposes of them.
 */
export function renderableChart(chartDir: string, valuesTexts: readonly string[], copies = new Map<string, RenderableChart>()): RenderableChart {
  return chartCopy(chartPlan(chartDir, valuesTexts), copies);
}

function buildCopy(chartDir: string, chartYaml: Values, present: readonly Dependency[], plan: Plan): RenderableChart {
  const dir = join(mkdtempSync(join(tmpdir(), 'rendered-chart-')), chartYaml.name as string);
  cpSync(chartDir, dir, { recursive: true });
  for (const { dependency, from } of plan) {
    const target = join(dir, 'charts', dependency.name);
    if (from !== 'placeholder') {
      cpSync(from, target, { recursive: true });
      continue;
    }
    mkdirSync(target, { recursive: true });
    const version = dependency.version.replace(/[x*]/g, '0');
    writeFileSync(join(target, 'Chart.yaml'), stringify({ apiVersion: 'v2', name: dependency.name, version, description: 'placeholder: not rendered (missing from ../shared/charts)' }));
    writeFileSync(join(target, 'values.yaml'), stringify(PLACEHOLDER_DEFAULTS[dependency.name] ?? {}));
  }
  const kept = [...present, ...plan.map((p) => p.dependency)];
  writeFileSync(join(dir, 'Chart.yaml'), stringify({ ...chartYaml, dependencies: (chartYaml.dependencies as Dependency[]).filter((d) => kept.includes(d)) }));
  const notRendered = plan.filter((p) => p.from === 'placeholder').map((p) => p.dependency.name);
  return { dir, notRendered, dispose: () => rmSync(dirname(dir), { recursive: true, force: true }) };
}
