import { compareText } from '../core/compare-text';
import { cpuMillicores, formatCpu, formatMemory, memoryBytes } from '../core/resources';
import { ComponentRecord, WorkloadRecord, requestTotals, toComponentRecord } from './components-json';
import type { ComponentReview, SummarySection } from './component-review';

/** Renders summary.md: the page a reviewer reads instead of Terraform JSON. */
export function renderSummary(
  stackName: string,
  components: readonly ComponentReview[],
  sections: readonly SummarySection[],
  files: readonly string[],
): string {
  const lines: string[] = [`# Review: ${stackName}`, ''];
  lines.push('## Components', '');
  if (components.length === 0) {
    lines.push('No components.', '');
  } else {
    lines.push('| component | path | namespace | chart | replicas | retention | storage | requests (per replica) | limits (per replica) | requests (all replicas) |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    const records = components.map(toComponentRecord).sort((a, b) => compareText(a.path, b.path));
    for (const c of records) {
      const chart = c.chart ? `${c.chart.name} ${c.chart.version}` : '—';
      const [main, ...others] = c.workloads;
      lines.push(`| ${c.component} | \`${c.path}\` | ${c.namespace} | ${chart} | ${workloadColumns(c, main, c.retention, c.storage)}`);
      for (const w of others) lines.push(`| ${c.component} › ${w.name} | \`${c.path}\` | ${c.namespace} | ${chart} | ${workloadColumns(c, w)}`);
    }
    lines.push('', totalRequests(records), '');
  }
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', section.render().trimEnd(), '');
  }
  lines.push('## Files', '');
  lines.push(files.length === 0 ? 'Only this summary.' : files.map((f) => `- \`${f}\``).join('\n'));
  lines.push('');
  return lines.join('\n');
}

/** replicas, retention, storage, requests, limits and the requests of all replicas, as table cells. */
function workloadColumns(c: ComponentRecord, w: WorkloadRecord, retention?: string, storage?: string): string {
  const requests = w.requests ? `${w.requests.cpu} CPU, ${w.requests.memory}` : '—';
  const limits = w.limits ? `${w.limits.cpu} CPU, ${w.limits.memory}` : '—';
  let all = '—';
  if (w.requests && w.replicas === 'per node') {
    all = `${requests} per node`;
  } else if (w.requests && typeof w.replicas === 'number') {
    all = `${cpuQuantity(w.replicas * cpuMillicores(w.requests.cpu, c.path))} CPU, ${memoryQuantity(w.replicas * memoryBytes(w.requests.memory, c.path))}`;
  }
  return `${w.replicas} | ${retention ?? '—'} | ${storage ?? '—'} | ${requests} | ${limits} | ${all} |`;
}

/** The stack's total: fixed replicas summed; DaemonSets per node, since the node count is the cluster's. */
function totalRequests(records: readonly ComponentRecord[]): string {
  const t = requestTotals(records);
  const fixed = `Total requests (replicas × requests): ${formatCpu(t.fixedCpuMillicores)}, ${formatMemory(t.fixedMemoryBytes)}`;
  if (t.perNodeComponents.length === 0) return `${fixed}.`;
  const perNode = `${cpuQuantity(t.perNodeCpuMillicores)} CPU, ${memoryQuantity(t.perNodeMemoryBytes)}`;
  return `${fixed}; plus ${perNode} on every node (DaemonSets, one pod per node: ${t.perNodeComponents.join('; ')}).`;
}

/** Millicores as a Kubernetes-style quantity: `150m`, `2`, `1.5`. */
export function cpuQuantity(millicores: number): string {
  return millicores < 1000 ? `${Number(millicores.toFixed(1))}m` : `${Number((millicores / 1000).toFixed(3))}`;
}

/** Bytes as a Kubernetes-style quantity: `192Mi`, `1.5Gi`. */
export function memoryQuantity(bytes: number): string {
  return bytes < 1024 ** 3 ? `${Number((bytes / 1024 ** 2).toFixed(1))}Mi` : `${Number((bytes / 1024 ** 3).toFixed(2))}Gi`;
}
