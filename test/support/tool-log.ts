import { appendFileSync } from 'node:fs';
import { compareText } from '../../lib/core/compare-text';
import { childCpuSeconds } from './child-cpu';

/*
 * A log of the real-tool verdicts the tests asked for (helm, promtool, amtool, terraform, …), each one
 * produced by running the tool or served from the test cache (disk-cache.ts). The bench gives each
 * jest run its own log (MONITORING_TOOL_LOG) and compares a cold run with a warm one: the caches may
 * change how a verdict is obtained, never how many are given. Off when the variable is unset.
 * Where a verdict is recorded: the code that runs the tool records `ran`; an entry of cachedDirectory or
 * cachedJson replays what its fill recorded as `cache` (capturingVerdicts); code that reads its own
 * stored result with peekJson (runTool, helm renders, terraform, dependency-cruiser) records `cache` itself.
 * The code that runs a tool also logs the CPU each run took (measuringToolCpu), so that the bench can say
 * how much of a run's CPU the real tools need.
 */

/** How a verdict was obtained: the tool ran, or its stored verdict was reused. */
export type VerdictSource = 'ran' | 'cache';

/** The verdicts of one tool in a log. */
export interface ToolVerdictCount {
  ran: number;
  cache: number;
}

/**
 * Appends `<tool>\t<source>` to the file MONITORING_TOOL_LOG names; a no-op when it is unset. `tool`
 * is the binary's base name (helm, promtool, tsc, …). One line per verdict: jest's workers append
 * to the same file, and a single short append lands whole.
 */
export function recordToolVerdict(tool: string, source: VerdictSource): void {
  for (const capture of captures) capture.push(tool);
  const log = process.env.MONITORING_TOOL_LOG;
  if (log) appendFileSync(log, `${tool}\t${source}\n`);
}

/** The verdict lists being captured (by {@link capturingVerdicts}), innermost last. */
const captures: string[][] = [];

/**
 * Runs `work` and returns the tools of the verdicts it recorded, one entry per verdict (an enclosing
 * capture sees them too). disk-cache.ts keeps them with the entry `work` fills, and replays them as
 * served from the cache when the entry is used again: a warm run gives every verdict a cold run gives.
 */
export function capturingVerdicts(work: () => void): string[] {
  const capture: string[] = [];
  captures.push(capture);
  try {
    work();
  } finally {
    captures.splice(captures.indexOf(capture), 1);
  }
  return capture;
}

/**
 * Runs `work`, one run of a real tool (processes it waits for, or a program it builds in this process),
 * and appends the CPU that took to the log as `<tool>\tcpu\t<seconds>`: this process's own CPU over `work`
 * and that of the children it waited for meanwhile (/proc; without /proc, its own alone). Returns what
 * `work` returns; logs nothing when MONITORING_TOOL_LOG is unset. Wrap the innermost run only: a run
 * inside another measured one would be counted twice.
 */
export function measuringToolCpu<T>(tool: string, work: () => T): T {
  const log = process.env.MONITORING_TOOL_LOG;
  if (!log) return work();
  const ownBefore = process.cpuUsage();
  const childrenBefore = childCpuSeconds();
  try {
    return work();
  } finally {
    const own = process.cpuUsage(ownBefore);
    const childrenAfter = childCpuSeconds();
    const children = childrenBefore === undefined || childrenAfter === undefined ? 0 : childrenAfter - childrenBefore;
    appendFileSync(log, `${tool}\tcpu\t${((own.user + own.system) / 1e6 + children).toFixed(3)}\n`);
  }
}

/** Records the verdicts of a cache entry again, as served from the cache. */
export function replayVerdicts(tools: readonly string[]): void {
  for (const tool of tools) recordToolVerdict(tool, 'cache');
}

/** One line of a log: a verdict, or the CPU seconds of one run. */
type LogLine = { readonly tool: string; readonly source: VerdictSource } | { readonly tool: string; readonly cpuSeconds: number };

/** The lines of a log's text; a malformed line is an error, not a skip. */
function parseToolLog(text: string): LogLine[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const [tool, kind, ...rest] = line.split('\t');
    if (tool && (kind === 'ran' || kind === 'cache') && rest.length === 0) return { tool, source: kind };
    if (tool && kind === 'cpu' && rest.length === 1 && /^\d+(\.\d+)?$/.test(rest[0])) return { tool, cpuSeconds: Number(rest[0]) };
    throw new Error(`not a tool verdict line: ${JSON.stringify(line)}`);
  });
}

/** The verdicts of a log's text per tool (tools in name order). */
export function summarizeToolLog(text: string): Record<string, ToolVerdictCount> {
  const counts = new Map<string, ToolVerdictCount>();
  for (const line of parseToolLog(text)) {
    if (!('source' in line)) continue;
    const count = counts.get(line.tool) ?? { ran: 0, cache: 0 };
    count[line.source] += 1;
    counts.set(line.tool, count);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => compareText(a, b)));
}

/** The CPU seconds of a log's text per tool (tools in name order), summed over the tool's runs. */
export function summarizeToolCpu(text: string): Record<string, number> {
  const seconds = new Map<string, number>();
  for (const line of parseToolLog(text)) if ('cpuSeconds' in line) seconds.set(line.tool, (seconds.get(line.tool) ?? 0) + line.cpuSeconds);
  return Object.fromEntries([...seconds].sort(([a], [b]) => compareText(a, b)));
}
