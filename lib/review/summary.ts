import { cpuMillicores, formatCpu, formatMemory, memoryBytes } from '../core/resources';
import type { ComponentReview, SummarySection } from './review-artifacts';

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
    lines.push('| component | path | namespace | chart | replicas | retention | storage | requests (per replica) | limits (per replica) |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    const sorted = [...components].sort((a, b) => a.constructPath.localeCompare(b.constructPath));
    for (const c of sorted) {
      const chart = c.chart ? `${c.chart.chart} ${c.chart.version}` : '—';
      const requests = c.resources ? `${c.resources.requests.cpu} CPU, ${c.resources.requests.memory}` : '—';
      const limits = c.resources ? `${c.resources.limits.cpu} CPU, ${c.resources.limits.memory}` : '—';
      lines.push(
        `| ${c.component} | \`${c.constructPath}\` | ${c.namespace} | ${chart} | ${c.replicas ?? '—'} | ${c.retention ?? '—'} | ${c.storage ?? '—'} | ${requests} | ${limits} |`,
      );
    }
    lines.push('', totalRequests(sorted), '');
  }
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', section.render().trimEnd(), '');
  }
  lines.push('## Files', '');
  lines.push(files.length === 0 ? 'Only this summary.' : files.map((f) => `- \`${f}\``).join('\n'));
  lines.push('');
  return lines.join('\n');
}

function totalRequests(components: readonly ComponentReview[]): string {
  let cpu = 0;
  let memory = 0;
  for (const c of components) {
    if (!c.resources) continue;
    const replicas = c.replicas ?? 1;
    cpu += replicas * cpuMillicores(c.resources.requests.cpu, c.constructPath);
    memory += replicas * memoryBytes(c.resources.requests.memory, c.constructPath);
  }
  return `Total requests (replicas × requests): ${formatCpu(cpu)}, ${formatMemory(memory)}.`;
}
