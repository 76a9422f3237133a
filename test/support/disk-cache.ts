import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { capturingVerdicts, replayVerdicts } from './tool-log';

/*
 * A content-addressed cache on disk (node_modules/.cache/<area>/<key>/, or under MONITORING_TEST_CACHE_DIR) for test work whose result is a
 * pure function of files in the repository: the synthesized example environments, helm renders, the
 * packed consumer, Sloth's own rules under promtool. The key is a hash of every input, so a change to
 * any input is a new entry (computed again); a clean clone computes everything, and so does any run
 * with MONITORING_TEST_CACHE=off. One jest worker fills an
 * entry while the others wait for it (a lock directory); entries are written atomically (rename).
 */

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
/** node_modules/.cache, or MONITORING_TEST_CACHE_DIR (the bench points it at an empty folder to time a cold run). */
export const CACHE_ROOT = process.env.MONITORING_TEST_CACHE_DIR || join(REPO_ROOT, 'node_modules', '.cache');
/** A lock older than this is left from a killed run. */
const STALE_LOCK_MS = 300_000;
/** Entries kept per area besides the one just used, unless the caller says otherwise. */
const KEEP = 4;
/** Beside an entry: the real-tool verdicts recorded while it was filled (tool-log.ts). */
const VERDICTS_SUFFIX = '.verdicts.json';

/** False when MONITORING_TEST_CACHE=off: every entry is computed afresh (and not kept). */
export function diskCacheEnabled(): boolean {
  return process.env.MONITORING_TEST_CACHE !== 'off';
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Every file under a path (a file or a folder, relative to the repository root), sorted; none when absent. */
function filesUnder(path: string): string[] {
  const absolute = resolve(REPO_ROOT, path);
  const stat = statSync(absolute, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [absolute];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A hash of the contents (and relative names) of the given files and folders (relative to the
 * repository root; absent ones count as empty) and of the extra strings (tool versions, inputs
 * computed in memory): the key of a cache entry.
 */
export function contentHash(paths: readonly string[], extra: readonly string[] = []): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    for (const file of filesUnder(path)) {
      hash.update(`${relative(REPO_ROOT, file)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  for (const text of extra) hash.update(`${text}\0`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * The folder of the cache entry `key` in `area`, filled by `fill` (given an empty folder) when absent.
 * Treat it as read-only: other test files read the same entry. When `fill` throws, nothing is cached
 * and the error propagates. The real-tool verdicts `fill` recorded (tool-log.ts) are kept beside the
 * entry (`<key>.verdicts.json`) and recorded again, as cached, each time the entry is used.
 */
export function cachedDirectory(area: string, key: string, fill: (dir: string) => void, options: { keep?: number } = {}): string {
  if (!diskCacheEnabled()) {
    const fresh = mkdtempSync(join(tmpdir(), `uncached-${area}-`));
    fill(fresh);
    return fresh;
  }
  const areaDir = join(CACHE_ROOT, area);
  mkdirSync(areaDir, { recursive: true });
  const entry = join(areaDir, key);
  const lock = `${entry}.lock`;
  const verdicts = `${entry}${VERDICTS_SUFFIX}`;
  const reuse = () => {
    if (existsSync(verdicts)) replayVerdicts(JSON.parse(readFileSync(verdicts, 'utf8')) as string[]);
    return entry;
  };
  for (const started = Date.now(); Date.now() - started < STALE_LOCK_MS; sleep(100)) {
    if (existsSync(entry)) return reuse();
    try {
      mkdirSync(lock);
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      continue;
    }
    try {
      if (existsSync(entry)) return reuse();
      const temp = `${entry}.${process.pid}.tmp`;
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp);
      try {
        writeFileSync(verdicts, JSON.stringify(capturingVerdicts(() => fill(temp))));
        renameSync(temp, entry);
      } finally {
        rmSync(temp, { recursive: true, force: true });
      }
      prune(areaDir, entry, options.keep ?? KEEP);
      return entry;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error(`timed out waiting for ${lock}`);
}

/** A JSON value cached like {@link cachedDirectory}: `compute` runs only when the entry is absent. */
export function cachedJson<T>(area: string, key: string, compute: () => T, options: { keep?: number } = {}): T {
  if (!diskCacheEnabled()) return compute();
  let computed: { value: T } | undefined;
  const dir = cachedDirectory(area, key, (temp) => {
    computed = { value: compute() };
    writeFileSync(join(temp, 'value.json'), JSON.stringify(computed.value));
  }, options);
  return computed ? computed.value : (JSON.parse(readFileSync(join(dir, 'value.json'), 'utf8')) as T);
}

/** The JSON value stored under `key` in `area`, or undefined (also when the cache is off). */
export function peekJson<T>(area: string, key: string): T | undefined {
  if (!diskCacheEnabled()) return undefined;
  const file = join(CACHE_ROOT, area, key, 'value.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Stores a JSON value under `key` in `area` (for results computed in a batch); a no-op when the cache is off. */
export function storeJson(area: string, key: string, value: unknown, options: { keep?: number } = {}): void {
  if (!diskCacheEnabled() || peekJson(area, key) !== undefined) return;
  cachedJson(area, key, () => value, options);
}

/** Keeps the newest few entries of an area, and the one in use. */
function prune(areaDir: string, keep: string, count: number): void {
  const entries = readdirSync(areaDir)
    .filter((name) => !name.endsWith('.lock') && !name.endsWith('.tmp') && !name.endsWith(VERDICTS_SUFFIX))
    .map((name) => join(areaDir, name))
    .filter((path) => path !== keep);
  const old = entries.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs).slice(count);
  for (const path of old) {
    rmSync(path, { recursive: true, force: true });
    rmSync(`${path}${VERDICTS_SUFFIX}`, { force: true });
  }
}
