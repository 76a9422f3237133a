import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { REPO_ROOT, cachedDirectory, contentHash } from './disk-cache';
import { measuringToolCpu, recordToolVerdict } from './tool-log';

/*
 * The library as `npm pack` makes it, packed ONCE per content of what goes into the tarball and cached
 * under node_modules/.cache/monitoring-packed-library/<hash>/. It packs a copy of the sources (with the
 * repository's node_modules linked in), so the build's `rm -rf dist` never touches the working tree's
 * dist/, which other runs may be reading. The one packing of the library for the tests (test/package) and
 * the bench (scripts/bench/packed-consumer.ts), with the consumer project that installs it.
 */

/** Everything the tarball is built from (package.json "files", the build script and its configuration). */
export const PACKED_LIBRARY_SOURCES: readonly string[] = [
  'lib', 'charts/manifests', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json',
  'scripts/build-library.sh', 'scripts/bundle.js', 'scripts/bundle-stamp.js', 'scripts/without-dashboard-v2-builders.js',
  'README.md', 'test/support/packed-library.ts',
];

/** The key of the cached tarball: a hash of {@link PACKED_LIBRARY_SOURCES} and node's version. */
export function packedLibraryKey(): string {
  return contentHash(PACKED_LIBRARY_SOURCES, [process.version]);
}

/** The path of the packed tarball (`platform-monitoring-constructs-<version>.tgz`); packs when the cache has none. */
export function packedLibraryTarball(): string {
  const dir = cachedDirectory('monitoring-packed-library', packedLibraryKey(), (out) => {
    const copy = mkdtempSync(join(tmpdir(), 'packed-library-'));
    try {
      for (const path of PACKED_LIBRARY_SOURCES) cpSync(join(REPO_ROOT, path), join(copy, path), { recursive: true });
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
      runChecked('npm', ['pack', '--pack-destination', out, '--silent'], copy);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, { keep: 2 });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return join(dir, tarball);
}

/** The package's peer dependencies as `name@version`, in package.json order. */
export function peerDependencySpecs(): string[] {
  const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  return Object.entries(packageJson.peerDependencies).map(([name, version]) => `${name}@${version}`);
}

/**
 * Runs a command (npm, tsc, a consumer's app) and returns its stdout; when it fails, the error carries its
 * stdout and stderr (tsc prints its errors on stdout, which execFileSync's message leaves out).
 */
export function runChecked(command: string, args: readonly string[], cwd: string): string {
  const tool = toolName(command, args);
  if (tool) recordToolVerdict(tool, 'ran');
  const run = () => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', timeout: 300_000, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  try {
    return tool ? measuringToolCpu(tool, run) : run();
  } catch (error: any) {
    throw new Error(`${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/**
 * The tool a runChecked command runs, for the verdict log (tool-log.ts): the binary's base name (npm), or for
 * node the base name of a script under node_modules (tsc); undefined for node running the consumer's own
 * program, which is the library at work, not a tool's verdict.
 */
function toolName(command: string, args: readonly string[]): string | undefined {
  if (command !== process.execPath) return basename(command);
  const script = args[0] ?? '';
  return script.includes(`${sep}node_modules${sep}`) ? basename(script) : undefined;
}

/**
 * Makes `dir` a fresh consumer project (a package.json named `name`) and installs `packages` into it as a
 * user would (npm's cache makes this quick), without lifecycle scripts; by default the packed library and
 * its peers at their pins.
 */
export function installConsumerProject(dir: string, name: string, packages: readonly string[] = [packedLibraryTarball(), ...peerDependencySpecs()]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  runChecked('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...packages], dir);
}
