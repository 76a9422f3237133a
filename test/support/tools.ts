import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { contentHash, diskCacheEnabled, peekJson, storeJson } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';

/** Where scripts/install-tools.sh puts the tools that no Debian package provides (helm). */
const LOCAL_TOOLS = join(__dirname, '..', '..', '.tools', 'bin');

/**
 * Finds a real tool of the field (promtool, amtool, prometheus, prometheus-alertmanager on PATH;
 * helm in .tools/bin). Outside CI a missing tool skips the check with a printed notice
 * (`scripts/install-tools.sh` installs them); with CI=true a missing tool is a failure, never a
 * silent skip.
 */
export function findTool(name: string): string | undefined {
  const path = localTool(name) ?? onPath(name);
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

/** The first executable `name` in the PATH's folders, as the shell's `command -v` finds it (without starting a shell). */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir || '.', name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
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

/**
 * Runs a tool. The checks whose verdict is a pure function of their input files (`promtool test
 * rules`, `promtool check rules`, `amtool check-config`, `amtool config routes test`, `helm template` of a
 * chart folder, on files in temporary folders) are cached on disk by a hash of the tool binary, the arguments, every file in those
 * folders and the chart folder (see disk-cache.ts): the first run after any change runs the tool, later
 * runs reuse its verdict. MONITORING_TEST_CACHE=off runs every one.
 */
export function runTool(tool: string, args: readonly string[], options: { cwd?: string } = {}): ToolResult {
  const entry = toolCacheEntry(tool, args, options.cwd);
  const stored = entry?.read();
  // One verdict per invocation, cached or not (tool-log.ts): the bench checks the caches serve every one.
  recordToolVerdict(basename(tool), stored ? 'cache' : 'ran');
  if (stored) return stored;
  const ran = runToolNow(tool, args, options);
  if (!entry) return ran;
  // A run that did not finish (timeout, signal) says nothing about the input: not kept.
  if (ran.status !== null) entry.write(ran);
  return ran;
}

/** The cache entry of one tool invocation: its stored result (paths of this run put back), and how to store one. */
export interface ToolCacheEntry {
  read(): ToolResult | undefined;
  write(result: ToolResult): void;
}

/**
 * The cache entry of an invocation whose result depends only on its files (see runTool), or undefined
 * when it is not cacheable or the cache is off. For batches run elsewhere (rendered-releases.ts).
 */
export function toolCacheEntry(tool: string, args: readonly string[], cwd?: string): ToolCacheEntry | undefined {
  const inputs = cacheableInputs(tool, args, cwd);
  if (!inputs) return undefined;
  // Paths of temporary folders differ from run to run: the key and the stored output name them by placeholder.
  const paths = [...inputs.folders, ...inputs.charts];
  const placeholders = pathPlaceholders(paths);
  const key = contentHash([], [
    tool,
    toolFingerprint(tool),
    placeholders(JSON.stringify({ args, cwd: cwd ?? '' }), true),
    ...inputs.folders.flatMap((folder) => readdirSync(folder).sort().flatMap((name) => [name, readFileSync(join(folder, name), 'utf8')])),
    ...inputs.charts.map(chartDigest),
  ]);
  return keyedToolCacheEntry(key, paths);
}

/** Names the given paths `<path0>`… in a text (longest first), or puts them back. */
export function pathPlaceholders(paths: readonly string[]): (text: string, toPlaceholder: boolean) => string {
  const sorted = [...paths].sort((a, b) => b.length - a.length);
  return (text, toPlaceholder) =>
    sorted.reduce((out, path, i) => (toPlaceholder ? out.split(path).join(`<path${i}>`) : out.split(`<path${i}>`).join(path)), text);
}

/**
 * The cache entry stored under a key the caller computed from EVERY input of the invocation (as
 * toolCacheEntry does), `paths` (this run's folders) named by placeholder in what is stored; undefined
 * when the cache is off. For renders whose key is cheaper computed elsewhere (rendered-releases.ts).
 */
export function keyedToolCacheEntry(key: string, paths: readonly string[]): ToolCacheEntry | undefined {
  if (!diskCacheEnabled()) return undefined;
  const placeholders = pathPlaceholders(paths);
  const area = 'monitoring-tool-results';
  return {
    read: () => {
      const stored = peekJson<ToolResult>(area, key);
      return stored && { status: stored.status, output: placeholders(stored.output, false), stdout: placeholders(stored.stdout, false) };
    },
    write: (result) => storeJson(area, key, { status: result.status, output: placeholders(result.output, true), stdout: placeholders(result.stdout, true) }, { keep: 5000 }),
  };
}

/** Invocations whose verdict depends only on their files: `[tool, ...leading arguments]`. */
const CACHEABLE: ReadonlyArray<readonly string[]> = [
  ['promtool', 'test', 'rules'],
  ['promtool', 'check', 'rules'],
  ['amtool', 'check-config'],
];
/** `helm template` flags that take no file (their value is part of the arguments, hence of the key). */
const HELM_VALUE_FLAGS = new Set(['--namespace', '--kube-version', '--api-versions', '--set', '--set-string', '--set-literal']);

/**
 * The inputs of a cacheable invocation: flat temporary folders holding its files, and chart folders
 * (hashed whole); undefined when the invocation is not cacheable.
 */
function cacheableInputs(tool: string, args: readonly string[], cwd: string | undefined): { folders: string[]; charts: string[] } | undefined {
  if (!diskCacheEnabled()) return undefined;
  let files: string[];
  let charts: string[] = [];
  if (tool === 'helm' && args[0] === 'template' && args.length >= 3) {
    // helm template <name> <chart folder> [flags]: values files in temporary folders, the chart hashed whole.
    if (!isAbsolute(args[2]) || !statSync(args[2], { throwIfNoEntry: false })?.isDirectory()) return undefined;
    charts = [args[2]];
    files = [];
    for (let i = 3; i < args.length; i += 2) {
      if (args[i] === '--values') files.push(args[i + 1]);
      else if (!HELM_VALUE_FLAGS.has(args[i])) return undefined;
    }
  } else if (tool === 'amtool' && args[0] === 'config' && args[1] === 'routes' && args[2] === 'test') {
    // amtool config routes test --config.file=<file> [--verify.receivers=…] <labels>: the file's folder; the rest is in the key.
    const config = args.find((arg) => arg.startsWith('--config.file='));
    if (!config) return undefined;
    files = [config.slice('--config.file='.length)];
  } else {
    const prefix = CACHEABLE.find((p) => p[0] === tool && p.slice(1).every((arg, i) => args[i] === arg));
    if (!prefix) return undefined;
    files = args.slice(prefix.length - 1);
  }
  if (files.some((file) => file.startsWith('-') || !isAbsolute(file))) return undefined;
  const folders = [...new Set([...files.map((file) => dirname(file)), ...(cwd ? [cwd] : [])])];
  const temp = realpathSync(tmpdir());
  const flatTemporary = (folder: string) =>
    dirname(realpathSync(folder)) === temp && readdirSync(folder, { withFileTypes: true }).every((entry) => entry.isFile());
  return folders.every(flatTemporary) ? { folders, charts } : undefined;
}

/**
 * Whether `path` lies in the system's temporary folder: such files may be rewritten between uses, so
 * what is derived from them is not kept per process (files outside, the pinned charts, stay as they are).
 */
export function isUnderTemporaryFolder(path: string): boolean {
  return realpathSync(path).startsWith(`${realpathSync(tmpdir())}/`);
}

/** Chart folders outside the temporary folder (the pinned charts, fixtures) hashed once per process. */
const chartDigests = new Map<string, string>();

/** A hash of a chart folder's files (names relative to it, and contents). */
export function chartDigest(dir: string): string {
  const stable = !isUnderTemporaryFolder(dir);
  const known = stable ? chartDigests.get(dir) : undefined;
  if (known) return known;
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`${relative(dir, file)}\0`).update(readFileSync(file)).update('\0');
  const digest = hash.digest('hex');
  if (stable) chartDigests.set(dir, digest);
  return digest;
}

/** The tool's binary as a cache key part: its path, size and modification time. */
export function toolFingerprint(tool: string): string {
  const path = localTool(tool) ?? onPath(tool);
  const stat = path ? statSync(realpathSync(path), { throwIfNoEntry: false }) : undefined;
  return `${path}:${stat?.size}:${stat?.mtimeMs}`;
}

function runToolNow(tool: string, args: readonly string[], options: { cwd?: string }): ToolResult {
  const result: SpawnSyncReturns<string> = measuringToolCpu(basename(tool), () => spawnSync(localTool(tool) ?? tool, args, {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: 60_000,
  }));
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
