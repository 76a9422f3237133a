import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Where scripts/install-tools.sh puts the tools that no Debian package provides (helm). */
const LOCAL_TOOLS = join(__dirname, '..', '..', '.tools', 'bin');

/**
 * Finds a real tool of the field (promtool, amtool, prometheus, prometheus-alertmanager on PATH;
 * helm in .tools/bin). Outside CI a missing tool skips the check with a printed notice
 * (`scripts/install-tools.sh` installs them); with CI=true a missing tool is a failure, never a
 * silent skip.
 */
export function findTool(name: string): string | undefined {
  const local = localTool(name);
  if (local) return local;
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

/** The tool's path in .tools/bin, when installed there. */
function localTool(name: string): string | undefined {
  const local = join(LOCAL_TOOLS, name);
  return existsSync(local) ? local : undefined;
}

export interface ToolResult {
  readonly status: number | null;
  /** stdout and stderr together. */
  readonly output: string;
  readonly stdout: string;
}

export function runTool(tool: string, args: readonly string[], options: { cwd?: string } = {}): ToolResult {
  const result: SpawnSyncReturns<string> = spawnSync(localTool(tool) ?? tool, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, stdout: result.stdout ?? '' };
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

/**
 * Runs `helm template` on a chart directory with one values file; returns the tool's verdict, whose
 * output is the rendered manifests. Values are passed as YAML text, as the Terraform provider does.
 */
export function helmTemplate(chartDir: string, valuesYaml: string, releaseName = 'test', namespace = 'monitoring'): ToolResult {
  const dir = writeTempFiles({ 'values.yaml': valuesYaml });
  const result = runTool('helm', ['template', releaseName, chartDir, '--namespace', namespace, '--values', join(dir, 'values.yaml')]);
  // stdout alone when it succeeds: the manifests, without helm's warnings.
  return result.status === 0 ? { ...result, output: result.stdout } : result;
}

/** The YAML documents of a rendered output (helm's `---` separated manifests), empty ones left out. */
export function renderedDocuments(output: string, options: { intAsBigInt?: boolean } = {}): unknown[] {
  return parseAllDocuments(output, options).map((doc) => doc.toJS()).filter((doc) => doc !== null);
}

const TPL_CHART = join(__dirname, '..', 'fixtures', 'tpl-chart');

/**
 * What helm makes of the value at `path` of a values text when a chart renders it with `tpl (toYaml …)`,
 * as the grafana chart does with `datasources` and the loki chart with `loki.limits_config`.
 */
export function helmTpl(valuesText: string, path: readonly string[]): ToolResult & { readonly value: unknown } {
  const text = valuesText.endsWith('\n') ? valuesText : `${valuesText}\n`;
  const result = helmTemplate(TPL_CHART, `${text}tplPath: ${JSON.stringify(path)}\n`);
  return { ...result, value: result.status === 0 ? renderedDocuments(result.output)[0] : undefined };
}
