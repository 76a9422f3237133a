import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpuMillicores, formatCpu, formatMemory, memoryBytes } from '../../lib/core/resources';
import { ComponentsDocument, ComponentRecord, WorkloadRecord, requestTotals } from '../../lib/review/components-json';
import { cpuQuantity, memoryQuantity } from '../../lib/review/summary';
import { PodTemplate, podTemplates } from '../support/pod-templates';
import { RenderedRelease, renderedExampleReleases } from '../support/rendered-releases';
import { synthesizedExampleStacks } from '../support/synth';

/*
 * Issue 14 item 4: the review states what the cluster gets. Every row of the component table of
 * cdktf.out/review/<stack>/summary.md and components.json (replicas, requests and limits per replica,
 * requests of all replicas, storage per replica, and the stack's totals) is compared with the same
 * releases rendered by helm with their real charts (test/support/rendered-releases.ts): the workload's
 * replica count (DaemonSet: per node), its main container's requests and limits, and its persistent
 * volume (a StatefulSet's volumeClaimTemplates, a Deployment's claimed PersistentVolumeClaim, or the
 * operator resource's spec.storage). Both ways: a row whose workload the render lacks is a failure, and
 * so is a long-running workload of a component's chart that no row states.
 */

type Obj = Record<string, any>;

/** One sized row as a review file states it (summary.md cells, or components.json in the same words). */
interface StatedRow {
  readonly source: 'summary.md' | 'components.json';
  readonly stack: string;
  /** `Loki (Distributed)` for the main workload, `Loki (Distributed) › ingester` for another. */
  readonly label: string;
  readonly path: string;
  /** `2` or `per node`. */
  readonly replicas: string;
  /** Storage per replica; only the main row states it (`—` when the component keeps none). */
  readonly storage?: string;
  /** `250m CPU, 512Mi`, or `—`. */
  readonly requests: string;
  readonly limits: string;
  /** summary.md only: replicas × requests, or the requests `per node`. */
  readonly allReplicas?: string;
}

/** The review of one stack, as the files state it. */
interface StatedReview {
  readonly stack: string;
  readonly summaryRows: StatedRow[];
  /** The "Total requests" sentence of summary.md. */
  readonly summaryTotal: string;
  readonly json: ComponentsDocument;
}

/** Where a main row's workload is in its release's render; `{release}` is the release name. */
interface Locator {
  /** Kind of the object that makes the pods; any workload kind when absent. */
  readonly kind?: string;
  readonly name: string;
  /** The container whose requests and limits the row states. */
  readonly container: string;
}

/** The main workload of each component (by its label; a label's `(…)` is dropped when not listed with it). */
const MAIN_WORKLOADS: Record<string, Locator> = {
  Alertmanager: { kind: 'StatefulSet', name: '{release}', container: 'alertmanager' },
  BlackboxExporter: { kind: 'Deployment', name: '{release}', container: 'blackbox-exporter' },
  'Datadog agent': { kind: 'DaemonSet', name: '{release}', container: 'agent' },
  Grafana: { kind: 'Deployment', name: '{release}', container: 'grafana' },
  Jaeger: { kind: 'Deployment', name: '{release}', container: 'jaeger' },
  LogShipper: { kind: 'DaemonSet', name: '{release}', container: 'fluent-bit' },
  'Loki (Monolithic)': { kind: 'StatefulSet', name: '{release}', container: 'loki' },
  // Distributed: the main row is the distributor, the other components are rows of their own.
  'Loki (Distributed)': { kind: 'Deployment', name: '{release}-distributor', container: 'distributor' },
  OtelCollector: { kind: 'Deployment', name: '{release}', container: 'opentelemetry-collector' },
  // The operator builds the StatefulSet from this resource (pod-templates.ts).
  Prometheus: { kind: 'Prometheus', name: '{release}-prometheus', container: 'prometheus' },
};

/** A further workload `x` is the object `{release}-x` with a container `x`, but for these containers. */
const OTHER_CONTAINERS: Record<string, string> = {
  gateway: 'nginx',
  'chunks-cache': 'memcached',
  'results-cache': 'memcached',
  operator: 'kube-prometheus-stack',
};

/** `<stack> <row label>` → why its workload is not in the render. None today: every row is rendered. */
const NOT_RENDERED: Record<string, string> = {};

/**
 * `<stack> <component label>: <Kind/name>` → why a long-running workload of the component's chart has no
 * row. None today. (node-exporter and kube-state-metrics, subcharts of kube-prometheus-stack that
 * ../shared lacks, are not rendered at all: rendered-releases.ts reports them as not rendered.)
 */
const NOT_IN_SUMMARY: Record<string, string> = {};

/** Run-to-completion workloads (hook and cleanup jobs): not sized in the summary. */
const RUN_TO_COMPLETION = ['Job', 'CronJob'];

const dash = '—';

function cells(line: string): string[] {
  return line.split('|').slice(1, -1).map((c) => c.trim());
}

/** The component table and the total of summary.md. */
function parseSummary(stack: string, text: string): { rows: StatedRow[]; total: string } {
  const lines = text.split('\n');
  const start = lines.indexOf('## Components');
  const header = lines.findIndex((l, i) => i > start && l.startsWith('| component |'));
  expect([stack, start >= 0, header > start]).toEqual([stack, true, true]);
  const names = cells(lines[header]);
  expect(names).toEqual(['component', 'path', 'namespace', 'chart', 'replicas', 'retention', 'storage', 'requests (per replica)', 'limits (per replica)', 'requests (all replicas)']);
  const rows: StatedRow[] = [];
  let i = header + 2;
  for (; lines[i]?.startsWith('|'); i++) {
    const c = cells(lines[i]);
    const label = c[0];
    rows.push({
      source: 'summary.md',
      stack,
      label,
      path: c[1].replace(/`/g, ''),
      replicas: c[4],
      ...(label.includes(' › ') ? {} : { storage: c[6] }),
      requests: c[7],
      limits: c[8],
      allReplicas: c[9],
    });
  }
  const total = lines.slice(i).find((l) => l.startsWith('Total requests')) ?? '';
  return { rows, total };
}

const resourcesCell = (r: WorkloadRecord['requests']) => (r ? `${r.cpu} CPU, ${r.memory}` : dash);

/** components.json in the words of summary.md, so both files go through one comparison. */
function jsonRows(stack: string, doc: ComponentsDocument): StatedRow[] {
  return doc.components.flatMap((c) => c.workloads.map((w): StatedRow => ({
    source: 'components.json',
    stack,
    label: w.name === 'main' ? c.component : `${c.component} › ${w.name}`,
    path: c.path,
    replicas: String(w.replicas),
    ...(w.name === 'main' ? { storage: c.storage ?? dash } : {}),
    requests: resourcesCell(w.requests),
    limits: resourcesCell(w.limits),
  })));
}

/** `250m CPU, 512Mi` → millicores and bytes. */
function parseResources(cell: string, where: string): { cpu: number; memory: number } {
  const m = /^(\S+) CPU, (\S+)$/.exec(cell);
  if (!m) throw new Error(`${where}: cannot read ${JSON.stringify(cell)} as "<cpu> CPU, <memory>"`);
  return { cpu: cpuMillicores(m[1], where), memory: memoryBytes(m[2], where) };
}

/** What the render gives for one workload. */
interface RenderedWorkload {
  readonly release: RenderedRelease;
  readonly owner: string;
  readonly replicas: number | 'per node';
  readonly container: string;
  readonly requests?: { cpu: number; memory: number };
  readonly limits?: { cpu: number; memory: number };
  /** Sizes of the persistent volumes each pod gets. */
  readonly volumes: string[];
}

function quantities(r: Obj | undefined, where: string): { cpu: number; memory: number } | undefined {
  if (!r || r.cpu === undefined || r.memory === undefined) return undefined;
  return { cpu: cpuMillicores(String(r.cpu), where), memory: memoryBytes(String(r.memory), where) };
}

/** The persistent volumes a pod of `owner` gets, as sizes. */
function persistentVolumes(release: RenderedRelease, template: PodTemplate): string[] {
  const [kind, nameAndShard] = template.owner.split('/');
  const name = nameAndShard.split(' ')[0];
  const source = release.objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!source) throw new Error(`${release.stack} ${release.id}: no ${template.owner} in the render`);
  if (kind === 'Prometheus' || kind === 'Alertmanager') {
    const size = source.spec?.storage?.volumeClaimTemplate?.spec?.resources?.requests?.storage;
    return size ? [String(size)] : [];
  }
  const claimed = (source.spec?.volumeClaimTemplates ?? []).map((t: Obj) => String(t.spec?.resources?.requests?.storage));
  const mounted = (template.spec.volumes ?? []).filter((v: Obj) => v.persistentVolumeClaim).map((v: Obj) => {
    const claim = release.objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata?.name === v.persistentVolumeClaim.claimName);
    return claim ? String(claim.spec?.resources?.requests?.storage) : `claim ${v.persistentVolumeClaim.claimName} (not in the release)`;
  });
  return [...claimed, ...mounted];
}

function renderedWorkload(release: RenderedRelease, template: PodTemplate, container: string): RenderedWorkload | string {
  const c = (template.spec.containers ?? []).find((x: Obj) => x.name === container);
  if (!c) return `${template.owner} has no container ${container} (it has ${(template.spec.containers ?? []).map((x: Obj) => x.name).join(', ')})`;
  const where = `${release.stack} ${template.owner} ${container}`;
  return {
    release,
    owner: template.owner,
    replicas: template.owner.startsWith('DaemonSet/') ? 'per node' : template.replicas ?? 1,
    container,
    requests: quantities(c.resources?.requests, where),
    limits: quantities(c.resources?.limits, where),
    volumes: persistentVolumes(release, template),
  };
}

/** The long-running pod templates of a release (jobs left out). */
const longRunning = (release: RenderedRelease) => podTemplates(release).filter((t) => !RUN_TO_COMPLETION.includes(t.owner.split('/')[0]));

/** The one chart release of a component in its stack's Terraform JSON (bundled-manifests releases left out). */
function releaseOf(json: Obj, path: string): string[] {
  return Object.entries<Obj>(json.resource?.helm_release ?? {})
    .filter(([, r]) => String(r['//']?.metadata?.path ?? '').startsWith(`${path}/`) && r.version !== undefined)
    .map(([id]) => id);
}

function locatorOf(label: string): Locator | undefined {
  const [component, workload] = label.split(' › ');
  if (workload === undefined) return MAIN_WORKLOADS[component] ?? MAIN_WORKLOADS[component.replace(/ \(.*\)$/, '')];
  return { name: `{release}-${workload}`, container: OTHER_CONTAINERS[workload] ?? workload };
}

/** Finds a row's workload in the render: the workload, or why it cannot be found. */
function locate(row: StatedRow, json: Obj, releases: readonly RenderedRelease[]): RenderedWorkload | string {
  const locator = locatorOf(row.label);
  if (!locator) return `no locator for ${JSON.stringify(row.label)}: add it to MAIN_WORKLOADS`;
  const ids = releaseOf(json, row.path);
  if (ids.length !== 1) return `${ids.length} chart releases under ${row.path} (${ids.join(', ')}), expected one`;
  const release = releases.find((r) => r.stack === row.stack && r.id === ids[0]);
  if (!release) return `release ${ids[0]} is not in the render`;
  const name = locator.name.replace('{release}', release.name);
  const matches = longRunning(release).filter((t) => {
    const [kind, rest] = t.owner.split('/');
    return (locator.kind === undefined || kind === locator.kind) && rest.split(' ')[0] === name;
  });
  if (matches.length === 0) {
    return `no ${locator.kind ?? 'workload'} ${name} in the render of ${release.chart} (it renders ${longRunning(release).map((t) => t.owner).join(', ') || 'none'})`;
  }
  if (matches.length > 1) return `${matches.length} workloads match ${name} (${matches.map((t) => t.owner).join(', ')}); make the locator precise`;
  return renderedWorkload(release, matches[0], locator.container);
}

const showResources = (r: { cpu: number; memory: number } | undefined) => (r ? `${cpuQuantity(r.cpu)} CPU, ${memoryQuantity(r.memory)}` : 'none');
const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/;

/** What a stated row gets wrong against its rendered workload. */
function rowProblems(row: StatedRow, w: RenderedWorkload): string[] {
  const out: string[] = [];
  const at = `${row.stack} ${row.source} "${row.label}"`;
  const of = `(${w.owner}, container ${w.container})`;
  if (row.replicas !== String(w.replicas)) out.push(`${at}: replicas states ${row.replicas}, the render gives ${w.replicas} ${of}`);
  for (const part of ['requests', 'limits'] as const) {
    const rendered = w[part];
    const stated = row[part] === dash ? undefined : parseResources(row[part], at);
    if (stated?.cpu !== rendered?.cpu || stated?.memory !== rendered?.memory) {
      out.push(`${at}: ${part} states ${row[part]}, the render gives ${showResources(rendered)} ${of}`);
    }
  }
  if (row.storage !== undefined) {
    const volumes = w.volumes.join(' + ') || 'no persistent volume';
    const ok = QUANTITY.test(row.storage)
      ? w.volumes.length === 1 && QUANTITY.test(w.volumes[0]) && memoryBytes(w.volumes[0], at) === memoryBytes(row.storage, at)
      // emptyDir, none (postgres), memory (…), elasticsearch (…), s3://…, —: no volume of the pod's own
      : w.volumes.length === 0;
    if (!ok) out.push(`${at}: storage states ${row.storage}, the render gives ${volumes} ${of}`);
  }
  if (row.allReplicas !== undefined) {
    const r = w.requests;
    const expected = !r ? dash
      : w.replicas === 'per node' ? `${cpuQuantity(r.cpu)} CPU, ${memoryQuantity(r.memory)} per node`
        : `${cpuQuantity(w.replicas * r.cpu)} CPU, ${memoryQuantity(w.replicas * r.memory)}`;
    const perNode = row.allReplicas.endsWith(' per node');
    const statedNumbers = row.allReplicas === dash ? undefined : parseResources(row.allReplicas.replace(/ per node$/, ''), at);
    const stated = statedNumbers ? `${showResources(statedNumbers)}${perNode ? ' per node' : ''}` : dash;
    if (stated !== expected) out.push(`${at}: requests (all replicas) states ${row.allReplicas}, the render gives ${expected} ${of}`);
  }
  return out;
}

/** Every disagreement between the stated rows of one stack and its render, both ways. */
function disagreements(rows: readonly StatedRow[], json: Obj, releases: readonly RenderedRelease[]): string[] {
  const out: string[] = [];
  const found: RenderedWorkload[] = [];
  for (const row of rows) {
    const w = locate(row, json, releases);
    if (typeof w === 'string') {
      if (!(`${row.stack} ${row.label}` in NOT_RENDERED)) out.push(`${row.stack} ${row.source} "${row.label}": its workload is not in the render: ${w}`);
      continue;
    }
    found.push(w);
    out.push(...rowProblems(row, w));
  }
  // The other way: every long-running workload of a component's chart release is a row.
  const stack = rows[0]?.stack;
  const source = rows[0]?.source;
  const components = [...new Map(rows.map((r) => [r.path, r.label.split(' › ')[0]])).entries()];
  for (const [path, component] of components) {
    for (const id of releaseOf(json, path)) {
      const release = releases.find((r) => r.stack === stack && r.id === id);
      for (const t of release ? longRunning(release) : []) {
        if (found.some((w) => w.release === release && w.owner === t.owner)) continue;
        if (`${stack} ${component}: ${t.owner}` in NOT_IN_SUMMARY) continue;
        const main = t.spec.containers?.[0];
        out.push(`${stack} ${source}: ${component} renders ${t.owner} (${t.replicas ?? 'per node'} × ${main?.name} ${JSON.stringify(main?.resources ?? {})}) but no row states it`);
      }
    }
  }
  return out;
}

/** components.json with every figure replaced by the render's: its totals are what the cluster requests. */
function renderedRecords(doc: ComponentsDocument, json: Obj, releases: readonly RenderedRelease[]): ComponentRecord[] {
  return doc.components.map((c) => ({
    ...c,
    workloads: c.workloads.map((w) => {
      const label = w.name === 'main' ? c.component : `${c.component} › ${w.name}`;
      const found = locate({ source: 'components.json', stack: doc.stack, label, path: c.path, replicas: '', requests: '', limits: '' }, json, releases);
      if (typeof found === 'string') return w;
      const asQuantities = (r: RenderedWorkload['requests']) => (r ? { cpu: `${r.cpu}m`, memory: `${r.memory}` } : undefined);
      return { name: w.name, replicas: found.replicas, requests: asQuantities(found.requests), limits: asQuantities(found.limits) };
    }),
  }));
}

/** summary.md's total sentence for totals computed from the render (as summary.ts words it). */
function totalSentence(records: readonly ComponentRecord[]): string {
  const t = requestTotals(records);
  const fixed = `Total requests (replicas × requests): ${formatCpu(t.fixedCpuMillicores)}, ${formatMemory(t.fixedMemoryBytes)}`;
  if (t.perNodeComponents.length === 0) return `${fixed}.`;
  return `${fixed}; plus ${cpuQuantity(t.perNodeCpuMillicores)} CPU, ${memoryQuantity(t.perNodeMemoryBytes)} on every node (DaemonSets, one pod per node: ${t.perNodeComponents.join('; ')}).`;
}

const rendered = renderedExampleReleases();
const withRender = rendered ? test : test.skip;
const stacks = rendered ? synthesizedExampleStacks() : [];

/** The review files of each example stack, written by the same synth that the render read. */
function statedReviews(): StatedReview[] {
  return stacks.map(({ stack, dir }) => {
    const name = stack.node.id;
    const reviewDir = join(dirname(dirname(dir)), 'review', name);
    const { rows, total } = parseSummary(name, readFileSync(join(reviewDir, 'summary.md'), 'utf8'));
    return { stack: name, summaryRows: rows, summaryTotal: total, json: JSON.parse(readFileSync(join(reviewDir, 'components.json'), 'utf8')) as ComponentsDocument };
  });
}

const jsonOf = (stack: string) => stacks.find((s) => s.stack.node.id === stack)!.json;

describe('summary.md and components.json state what the charts render [helm]', () => {
  withRender('every environment has a review with rows, and both files list the same rows', () => {
    const reviews = statedReviews();
    expect(reviews.map((r) => r.stack)).toEqual(['monitoring-dev', 'monitoring-staging', 'monitoring-prod']);
    for (const r of reviews) {
      expect(r.summaryRows.length).toBeGreaterThan(0);
      expect(r.summaryRows.map((row) => row.label)).toEqual(jsonRows(r.stack, r.json).map((row) => row.label));
    }
  });

  withRender('every row: replicas, requests and limits per replica, requests of all replicas and storage equal the render', () => {
    const problems = statedReviews().flatMap((r) => [
      ...disagreements(r.summaryRows, jsonOf(r.stack), rendered!),
      ...disagreements(jsonRows(r.stack, r.json), jsonOf(r.stack), rendered!),
    ]);
    expect(problems).toEqual([]);
  });

  withRender("the totals (components.json's, and summary.md's sentence) equal the render's replicas × requests", () => {
    for (const r of statedReviews()) {
      const records = renderedRecords(r.json, jsonOf(r.stack), rendered!);
      expect([r.stack, r.json.totals]).toEqual([r.stack, requestTotals(records)]);
      expect([r.stack, r.summaryTotal]).toEqual([r.stack, totalSentence(records)]);
    }
  });

  withRender('the workloads compared are the ones that matter: the real figures of prod are read from the render', () => {
    const prod = statedReviews().find((r) => r.stack === 'monitoring-prod')!;
    const prometheus = locate(prod.summaryRows.find((row) => row.label === 'Prometheus')!, jsonOf('monitoring-prod'), rendered!);
    expect(prometheus).toMatchObject({ owner: 'Prometheus/kube-prometheus-stack-prometheus', replicas: 2, requests: { cpu: 1000, memory: 8 * 1024 ** 3 }, volumes: ['200Gi'] });
    const agent = locate(prod.summaryRows.find((row) => row.label === 'Datadog agent')!, jsonOf('monitoring-prod'), rendered!);
    expect(agent).toMatchObject({ owner: 'DaemonSet/datadog', replicas: 'per node', container: 'agent' });
  });

  describe('GIVEN a review that states something else than the render', () => {
    const prod = () => statedReviews().find((r) => r.stack === 'monitoring-prod')!;
    const edited = (label: string, change: Partial<StatedRow>) =>
      prod().summaryRows.map((row) => (row.label === label ? { ...row, ...change } : row));

    withRender('a changed figure in a summary row is reported, with the value the render gives', () => {
      const json = jsonOf('monitoring-prod');
      expect(disagreements(edited('Prometheus', { requests: '2 CPU, 8Gi' }), json, rendered!)).toEqual([
        'monitoring-prod summary.md "Prometheus": requests states 2 CPU, 8Gi, the render gives 1 CPU, 8Gi (Prometheus/kube-prometheus-stack-prometheus, container prometheus)',
      ]);
      expect(disagreements(edited('Alertmanager', { replicas: '2', storage: '5Gi' }), json, rendered!)).toEqual([
        'monitoring-prod summary.md "Alertmanager": replicas states 2, the render gives 3 (StatefulSet/alertmanager, container alertmanager)',
        'monitoring-prod summary.md "Alertmanager": storage states 5Gi, the render gives 2Gi (StatefulSet/alertmanager, container alertmanager)',
      ]);
      expect(disagreements(edited('Grafana', { storage: '10Gi', allReplicas: '100m CPU, 256Mi' }), json, rendered!)).toEqual([
        'monitoring-prod summary.md "Grafana": storage states 10Gi, the render gives no persistent volume (Deployment/grafana, container grafana)',
        'monitoring-prod summary.md "Grafana": requests (all replicas) states 100m CPU, 256Mi, the render gives 200m CPU, 512Mi (Deployment/grafana, container grafana)',
      ]);
    });

    withRender('a changed component record (components.json) is reported', () => {
      const doc = structuredClone(prod().json) as any;
      const jaeger = doc.components.find((c: ComponentRecord) => c.component === 'Jaeger');
      jaeger.workloads[0].limits = { cpu: '500m', memory: '2Gi' };
      expect(disagreements(jsonRows('monitoring-prod', doc), jsonOf('monitoring-prod'), rendered!)).toEqual([
        'monitoring-prod components.json "Jaeger": limits states 500m CPU, 2Gi, the render gives 500m CPU, 1Gi (Deployment/jaeger, container jaeger)',
      ]);
      doc.totals.fixedCpuMillicores += 100;
      expect(doc.totals).not.toEqual(requestTotals(renderedRecords(doc, jsonOf('monitoring-prod'), rendered!)));
    });

    withRender('a row whose workload the chart does not render is a failure, not a skip', () => {
      const rows = [...prod().summaryRows, { ...prod().summaryRows.find((r) => r.label === 'Prometheus')!, label: 'Prometheus › thanos-sidecar', storage: undefined }];
      expect(disagreements(rows, jsonOf('monitoring-prod'), rendered!)).toEqual([
        expect.stringMatching(/^monitoring-prod summary.md "Prometheus › thanos-sidecar": its workload is not in the render: no workload kube-prometheus-stack-thanos-sidecar in the render of kube-prometheus-stack \(it renders .*Prometheus\/kube-prometheus-stack-prometheus/),
      ]);
    });

    withRender('a rendered workload that no row states is reported', () => {
      const rows = prod().summaryRows.filter((r) => r.label !== 'Datadog agent › cluster-agent');
      expect(disagreements(rows, jsonOf('monitoring-prod'), rendered!)).toEqual([
        expect.stringMatching(/^monitoring-prod summary.md: Datadog agent renders Deployment\/datadog-cluster-agent \(2 × cluster-agent .*\) but no row states it$/),
      ]);
    });
  });
});
