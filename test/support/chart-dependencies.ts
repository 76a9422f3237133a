import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SHARED_CHARTS } from './chart-values';

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

/**
 * The chart at `chartDir` ready for `helm template` with these values texts: the folder itself when
 * every declared dependency is present, else a temporary copy as described at the top of this file.
 * `copies` lets several renders share one copy per chart and plan; the caller disposes of them.
 */
export function renderableChart(chartDir: string, valuesTexts: readonly string[], copies = new Map<string, RenderableChart>()): RenderableChart {
  const chartYaml = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Values;
  const dependencies = (chartYaml.dependencies ?? []) as Dependency[];
  const missing = dependencies.filter((d) => !presentInChart(chartDir, d));
  if (missing.length === 0) return { dir: chartDir, notRendered: [], dispose: () => undefined };

  const defaults = existsSync(join(chartDir, 'values.yaml')) ? parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) ?? {} : {};
  const values = valuesTexts.reduce<unknown>((acc, text) => coalesceValues(acc, parse(text) ?? {}), defaults) as Values;
  const plan: Plan = [];
  for (const dependency of missing) {
    const shared = sharedSubchart(dependency);
    if (shared) plan.push({ dependency, from: shared });
    else if (enabled(dependency, values)) plan.push({ dependency, from: 'placeholder' });
  }
  const key = JSON.stringify([chartDir, plan]);
  const built = copies.get(key) ?? buildCopy(chartDir, chartYaml, dependencies.filter((d) => !missing.includes(d)), plan);
  copies.set(key, built);
  return built;
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
