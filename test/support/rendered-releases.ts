import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ChartPlan, chartCopy, chartPlan, planIdentity, RenderableChart } from './chart-dependencies';
import { SHARED_CHARTS, sharedChartsPresent } from './chart-values';
import { ReleaseSet, SynthesizedRelease, synthesizedExampleReleases } from './synth';
import { cachedJson, contentHash, diskCacheEnabled } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';
import { chartDigest, findTool, keyedToolCacheEntry, renderedDocuments, ToolCacheEntry, toolFingerprint, writeTempFiles } from './tools';

/*
 * Every helm_release of every example environment, rendered by `helm template` with its real chart,
 * ONCE: the result is cached on disk under node_modules/.cache/monitoring-rendered/, keyed by a hash of
 * the synthesized releases, the helm version, the ../shared/charts folder names and this harness, so the
 * test files that read it render only when the code changed.
 */

/** One helm_release, as helm renders it. */
export interface RenderedRelease {
  readonly stack: string;
  /** Terraform logical id. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** Chart name, or 'manifests' for the bundled chart. */
  readonly chart: string;
  readonly objects: ReadonlyArray<Record<string, any>>;
  /** Subcharts the chart declares and enables that ../shared lacks, so they are not rendered. */
  readonly notRendered: readonly string[];
}

/** A Kubernetes version the pinned charts support; charts read it through `.Capabilities.KubeVersion`. */
export const KUBE_VERSION = '1.33.0';
/** What a cluster running the Prometheus operator serves: charts that check `.Capabilities.APIVersions` render their ServiceMonitors. */
const API_VERSIONS = ['monitoring.coreos.com/v1', ...['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Prometheus', 'Alertmanager'].map((k) => `monitoring.coreos.com/v1/${k}`)];
/** 2 to 4 helm processes at once: renders are short and partly I/O-bound. */
const CONCURRENCY = Math.min(4, Math.max(2, availableParallelism()));

/** The helm result of one render. */
export interface HelmRender {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A chart to render: a folder, the values texts in order, the set entries, the release's name and namespace. */
export interface RenderInput {
  readonly chartDir: string;
  readonly values: readonly string[];
  readonly sets?: readonly ReleaseSet[];
  readonly name: string;
  readonly namespace: string;
}

/** `--set` equivalents of the provider's set blocks (the provider hands them to helm's strvals parser the same way). */
export function setArgs(sets: readonly ReleaseSet[]): string[] {
  return sets.flatMap((s) => {
    if (s.block === 'set_list') {
      const items = s.value as readonly string[];
      if (items.some((item) => /[,{}]/.test(item))) throw new Error(`set_list ${s.name}: an item with , { or } cannot be passed faithfully; extend setArgs.`);
      return ['--set', `${s.name}={${items.join(',')}}`];
    }
    if (typeof s.value !== 'string') throw new Error(`${s.block} ${s.name}: a list value is only supported in set_list.`);
    const flag = { auto: '--set', string: '--set-string', literal: '--set-literal' }[s.type ?? 'auto'];
    if (!flag) throw new Error(`${s.block} ${s.name}: type ${s.type} is not supported; extend setArgs.`);
    return [flag, `${s.name}=${s.value}`];
  });
}

/** The `helm template` arguments of a render of `chartDir`, its values files in `valuesDir`. */
function templateArgs(input: RenderInput, chartDir: string, valuesDir: string): string[] {
  return [
    'template', input.name, chartDir, '--namespace', input.namespace, '--kube-version', KUBE_VERSION,
    ...API_VERSIONS.flatMap((v) => ['--api-versions', v]),
    ...input.values.flatMap((_, i) => ['--values', join(valuesDir, `values-${i}.yaml`)]),
    ...setArgs(input.sets ?? []),
  ];
}

let harness: string[] | undefined;

/**
 * The cache entry of a render, keyed by every input without making the chart copy (see
 * chart-dependencies.ts): helm, the arguments, the values, the source chart and what the plan adds to
 * it, and this harness. Stored output names the source chart folder and the values folder by placeholder.
 */
function renderCacheEntry(input: RenderInput, plan: ChartPlan, valuesDir: string): ToolCacheEntry | undefined {
  if (!diskCacheEnabled() || !isAbsolute(input.chartDir)) return undefined;
  harness ??= ['chart-dependencies.ts', 'rendered-releases.ts'].map((file) => readFileSync(join(__dirname, file), 'utf8'));
  const key = contentHash([], [
    'helm template (rendered-releases.ts)',
    toolFingerprint('helm'),
    JSON.stringify(templateArgs(input, '<chart>', '<values>')),
    ...input.values,
    chartDigest(input.chartDir),
    ...planIdentity(plan),
    ...harness,
  ]);
  return keyedToolCacheEntry(key, [input.chartDir, valuesDir]);
}

/** Renders charts with helm, CONCURRENCY at a time (in a child node process, so callers stay synchronous). */
export function renderCharts(inputs: readonly RenderInput[]): Array<HelmRender & { readonly notRendered: readonly string[] }> {
  const helm = findTool('helm');
  if (!helm) throw new Error('helm is not installed; run scripts/install-tools.sh.');
  const plans = inputs.map((input) => chartPlan(input.chartDir, input.values));
  const valuesDirs = inputs.map((input) => writeTempFiles(Object.fromEntries(input.values.map((text, i) => [`values-${i}.yaml`, text]))));
  const copies = new Map<string, RenderableChart>();
  try {
    // Renders cached by content (like runTool in tools.ts); the chart copies are made only for the others, rendered in one batch.
    const entries = inputs.map((input, i) => renderCacheEntry(input, plans[i], valuesDirs[i]));
    const results: Array<HelmRender | undefined> = entries.map((entry) => {
      const stored = entry?.read();
      if (stored) recordToolVerdict('helm', 'cache');
      return stored && { status: stored.status, stdout: stored.stdout, stderr: stored.output.slice(stored.stdout.length) };
    });
    const missing = inputs.map((_, i) => i).filter((i) => results[i] === undefined);
    if (missing.length > 0) {
      const charts = missing.map((i) => chartCopy(plans[i], copies).dir);
      const child = measuringToolCpu('helm', () => spawnSync(process.execPath, [join(__dirname, 'run-concurrently.js')], {
        input: JSON.stringify({ concurrency: CONCURRENCY, jobs: missing.map((i, n) => ({ command: helm, args: templateArgs(inputs[i], charts[n], valuesDirs[i]) })) }),
        encoding: 'utf8',
        maxBuffer: 1024 ** 3,
      }));
      if (child.status !== 0) throw new Error(`run-concurrently.js failed: ${child.stderr}`);
      (JSON.parse(child.stdout) as HelmRender[]).forEach((rendered, n) => {
        // One verdict per render: the batch is one spawn, but each render is a helm process of its own and a cache entry of its own.
        recordToolVerdict('helm', 'ran');
        const i = missing[n];
        // The copy is removed below: its path is named as the chart it stands for, as a stored render names it.
        const source = (text: string) => text.split(charts[n]).join(inputs[i].chartDir);
        const render = { status: rendered.status, stdout: source(rendered.stdout), stderr: source(rendered.stderr) };
        results[i] = render;
        if (render.status !== null) entries[i]?.write({ status: render.status, stdout: render.stdout, output: `${render.stdout}${render.stderr}` });
      });
    }
    return results.map((r, i) => ({ ...r!, notRendered: plans[i].notRendered }));
  } finally {
    for (const dir of valuesDirs) rmSync(dir, { recursive: true, force: true });
    for (const copy of copies.values()) copy.dispose();
  }
}

/** The chart folder helm renders for a synthesized release. */
function chartDirOf(release: SynthesizedRelease): string {
  if (!release.version) return join(release.stackDir, release.chart);
  const dir = join(SHARED_CHARTS, `${release.chart}-${release.version}`);
  if (!existsSync(dir)) throw new Error(`${dir} is missing: ${release.stack} ${release.name} cannot be rendered.`);
  return dir;
}

function cacheKey(releases: readonly SynthesizedRelease[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(releases.map(({ stackDir: _, ...rest }) => rest)));
  hash.update(toolFingerprint('helm'));
  for (const chart of readdirSync(SHARED_CHARTS).sort()) {
    const sub = join(SHARED_CHARTS, chart, 'charts');
    hash.update(`${chart}:${existsSync(sub) ? readdirSync(sub).sort().join(',') : ''};`);
  }
  // This harness and the chart preparation: a change to how we render is a change of result.
  for (const file of ['rendered-releases.ts', 'chart-dependencies.ts', 'run-concurrently.js', 'disk-cache.ts']) hash.update(readFileSync(join(__dirname, file)));
  return hash.digest('hex').slice(0, 32);
}

function renderAll(releases: readonly SynthesizedRelease[]): RenderedRelease[] {
  const results = renderCharts(releases.map((r) => ({ chartDir: chartDirOf(r), values: r.values, sets: r.sets, name: r.name, namespace: r.namespace })));
  const failed = results.map((r, i) => [releases[i], r] as const).filter(([, r]) => r.status !== 0);
  if (failed.length > 0) {
    throw new Error(`helm template failed:\n${failed.map(([rel, r]) => `${rel.stack} ${rel.id} (${rel.chart}): ${r.stderr.trim()}`).join('\n')}`);
  }
  return releases.map((r, i) => ({
    stack: r.stack,
    id: r.id,
    name: r.name,
    namespace: r.namespace,
    chart: r.version ? r.chart : 'manifests',
    objects: renderedDocuments(results[i].stdout) as Array<Record<string, any>>,
    notRendered: results[i].notRendered,
  }));
}

let memo: RenderedRelease[] | undefined;

/**
 * Every helm_release of every example environment, rendered with its real chart (values exactly as
 * Terraform hands them to helm); undefined, with a printed notice, when helm or ../shared/charts is
 * missing outside CI (in CI that is a failure). Throws when a release does not render.
 */
export function renderedExampleReleases(): RenderedRelease[] | undefined {
  if (memo) return memo;
  if (!findTool('helm') || !sharedChartsPresent('rendering the releases with their charts')) return undefined;
  const releases = synthesizedExampleReleases();
  memo = cachedJson('monitoring-rendered', cacheKey(releases), () => renderAll(releases));
  const notRendered = [...new Set(memo.flatMap((r) => r.notRendered.map((sub) => `${r.chart} → ${sub}`)))];
  // eslint-disable-next-line no-console
  if (notRendered.length > 0) console.warn(`[notice] enabled subcharts missing from ../shared/charts, not rendered (values-level checks only): ${notRendered.join(', ')}`);
  return memo;
}
