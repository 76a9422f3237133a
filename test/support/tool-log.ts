import { appendFileSync } from 'node:fs';
import { compareText } from '../../lib/core/compare-text';

/*
 * A log of the real-tool verdicts the tests asked for (helm, promtool, amtool, terraform, …), each one
 * produced by running the tool or served from the test cache (disk-cache.ts). The bench gives each
 * jest run its own log (MONITORING_TOOL_LOG) and compares a cold run with a warm one: the caches may
 * change how a verdict is obtained, never how many are given. Off when the variable is unset.
 * Where a verdict is recorded: the code that runs the tool records `ran`; an entry of cachedDirectory or
 * cachedJson replays what its fill recorded as `cache` (capturingVerdicts); code that reads its own
 * stored result with peekJson (runTool, helm renders, terraform, dependency-cruiser) records `cache` itself.
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

/** Records the verdicts of a cache entry again, as served from the cache. */
export function replayVerdicts(tools: readonly string[]): void {
  for (const tool of tools) recordToolVerdict(tool, 'cache');
}

/** The verdicts of a log's text per tool (tools in name order); a malformed line is an error, not a skip. */
export function summarizeToolLog(text: string): Record<string, ToolVerdictCount> {
  const counts = new Map<string, ToolVerdictCount>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [tool, source, ...rest] = line.split('\t');
    if (!tool || (source !== 'ran' && source !== 'cache') || rest.length > 0) throw new Error(`not a tool verdict line: ${JSON.stringify(line)}`);
    const count = counts.get(tool) ?? { ran: 0, cache: 0 };
    count[source] += 1;
    counts.set(tool, count);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => compareText(a, b)));
}
