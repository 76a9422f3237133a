import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Finds a real tool of the field (promtool, amtool, prometheus, prometheus-alertmanager) on PATH.
 * Outside CI a missing tool skips the check with a printed notice (`scripts/install-tools.sh`
 * installs them); with CI=true a missing tool is a failure, never a silent skip.
 */
export function findTool(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (path) return path;
  if (process.env.CI === 'true') {
    throw new Error(`${name} is not installed, and CI=true makes that a failure. Run scripts/install-tools.sh.`);
  }
  // eslint-disable-next-line no-console
  console.warn(`[skip] ${name} not found: checks that need it are skipped. Run scripts/install-tools.sh to enable them.`);
  return undefined;
}

/** `describe` when the tool exists (or CI demands it), `describe.skip` with a notice otherwise. */
export function describeWithTool(tool: string, title: string, body: () => void): void {
  const path = findTool(tool);
  (path ? describe : describe.skip)(`${title} [${tool}]`, body);
}

export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}

export function runTool(tool: string, args: readonly string[], options: { cwd?: string } = {}): ToolResult {
  const result: SpawnSyncReturns<string> = spawnSync(tool, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Writes files into a fresh temporary directory and returns the directory. */
export function writeTempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'monitoring-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Runs `promtool check rules` on a rule file's text; returns the tool's verdict. */
export function promtoolCheckRules(ruleFileYaml: string): ToolResult {
  const dir = writeTempFiles({ 'rules.yaml': ruleFileYaml });
  return runTool('promtool', ['check', 'rules', join(dir, 'rules.yaml')]);
}

/** Runs `amtool check-config` on an Alertmanager configuration's text. */
export function amtoolCheckConfig(configYaml: string): ToolResult {
  const dir = writeTempFiles({ 'alertmanager.yaml': configYaml });
  return runTool('amtool', ['check-config', join(dir, 'alertmanager.yaml')]);
}
