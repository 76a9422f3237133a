/**
 * npm run review -- --base <git ref> [--outdir <dir>] [--keep]
 *
 * Synthesizes the working tree (into cdktf.out, or --outdir) and the base commit (its own main.ts,
 * in a temporary copy made with `git archive`, using this checkout's node_modules), compares the two
 * `review/` folders and writes what changed, in reviewer language, to `<outdir>/review/diff.md`
 * (also printed on stdout). Synth output goes to stderr.
 *
 * npm run review -- --base-dir <review dir> --head-dir <review dir> [--out <file>]
 * compares two review folders that already exist, without synthesizing.
 *
 * Exit status: 0 when the diff was written (changes or not; also when the base has nothing to
 * compare, which diff.md says), 1 for bad arguments or a working tree that does not synthesize.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ReviewDiffLabels, renderMissingBase, renderReviewDiff } from '../lib/review/review-diff-markdown';
import { diffReviewTrees } from '../lib/review/review-diff';
import { loadReviewTree } from '../lib/review/review-tree';
import { bundleApp } from './bundle-app';

const ROOT = resolve(__dirname, '..');

/** diff.md for two review folders; `missing` explains a base side that has nothing to compare. */
export function compareReviewDirs(baseReviewDir: string | undefined, headReviewDir: string, labels: ReviewDiffLabels, missing?: string): string {
  const head = loadReviewTree(headReviewDir) ?? new Map();
  const base = baseReviewDir === undefined ? undefined : loadReviewTree(baseReviewDir);
  if (missing !== undefined || base === undefined || base.size === 0) {
    const reason = missing ?? `the base ${labels.base} has no review artifacts (cdktf.out/review/): it predates them or its synth does not write them.`;
    return renderMissingBase(reason, [...head.keys()], labels);
  }
  return renderReviewDiff(diffReviewTrees(base, head), labels);
}

interface Args {
  base?: string;
  baseDir?: string;
  headDir?: string;
  outdir: string;
  out?: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { outdir: join(ROOT, 'cdktf.out'), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '--base') args.base = value();
    else if (flag === '--base-dir') args.baseDir = resolve(value());
    else if (flag === '--head-dir') args.headDir = resolve(value());
    else if (flag === '--outdir') args.outdir = resolve(value());
    else if (flag === '--out') args.out = resolve(value());
    else if (flag === '--keep') args.keep = true;
    else fail(`unknown argument ${JSON.stringify(flag)}`);
  }
  if (args.base === undefined && (args.baseDir === undefined || args.headDir === undefined)) {
    fail('give --base <git ref> (e.g. --base origin/main), or both --base-dir and --head-dir');
  }
  return args;
}

function fail(message: string): never {
  process.stderr.write(`review: ${message}.\nUsage: npm run review -- --base <git ref> [--outdir <dir>] [--keep]\n       npm run review -- --base-dir <review dir> --head-dir <review dir> [--out <file>]\n`);
  process.exit(1);
}

function git(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim() };
}

/**
 * Runs an app's main.ts with its output in `outdir`; returns the tail of stderr on failure. An app with
 * scripts/app.sh is run as that script runs it (`npm run synth`): main.ts bundled by esbuild into
 * `bundle`, then plain Node. That is about a second, where tsx takes several for a fresh copy of the
 * base (its cache is per path); the app's bundled-app test pins that the bundle writes the same files.
 * `bundle` must lie under the app's own folder (not in a node_modules linked from elsewhere): the
 * library finds its charts by walking up from the running bundle.
 * An older app (no app.sh) runs with tsx.
 */
function synth(appDir: string, outdir: string, bundle: string): string | undefined {
  let command = ['--import', 'tsx', 'main.ts'];
  if (existsSync(join(appDir, 'scripts', 'app.sh'))) {
    // the bundle is removed afterwards (a base's with its copy)
    const built = bundleApp('main.ts', bundle, { cwd: appDir });
    if (built.status !== 0) return failure(built);
    command = [bundle];
  }
  const r = spawnSync(process.execPath, command, {
    cwd: appDir,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return r.status === 0 ? undefined : failure(r);
}

/** The tail of a failed process's stderr. */
function failure(r: SpawnSyncReturns<string>): string {
  const tail = `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim().split('\n').slice(-15).join('\n');
  return tail || `exit status ${r.status}`;
}

/** Copies the base commit into a temp dir and synthesizes it; returns its review dir or why not. */
function synthBase(ref: string, sha: string, work: string): { reviewDir?: string; missing?: string } {
  const src = join(work, 'src');
  mkdirSync(src);
  const archive = spawnSync('bash', ['-c', 'set -o pipefail; git archive --format=tar "$1" | tar -x -C "$2"', '_', sha, src], { cwd: ROOT, encoding: 'utf8' });
  if (archive.status !== 0) return { missing: `could not extract ${ref} with git archive: ${(archive.stderr ?? '').trim()}` };
  if (!existsSync(join(src, 'main.ts'))) return { missing: `the base ${ref} has no main.ts, so there is no app to synthesize.` };
  // The base runs with this checkout's dependencies; a base with other versions is compared as if on these.
  symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  const outdir = join(work, 'out');
  process.stderr.write(`review: synthesizing the base ${ref} (${sha.slice(0, 12)}) in ${src}\n`);
  const error = synth(src, outdir, join(src, '.review-app', 'main.js'));
  if (error !== undefined) return { missing: `the base ${ref} did not synthesize with this checkout's node_modules:\n\n\`\`\`\n${error}\n\`\`\`` };
  return { reviewDir: join(outdir, 'review') };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  let text: string;
  let target: string;
  if (args.base === undefined) {
    const labels = { base: `\`${args.baseDir}\``, head: `\`${args.headDir}\`` };
    text = compareReviewDirs(args.baseDir, args.headDir!, labels);
    target = args.out ?? join(args.headDir!, 'diff.md');
  } else {
    const resolved = git(['rev-parse', '--verify', '--quiet', `${args.base}^{commit}`]);
    if (!resolved.ok) fail(`git ref ${JSON.stringify(args.base)} is not a commit here; fetch it first (e.g. git fetch origin main, or checkout with fetch-depth 0)`);
    const sha = resolved.out;
    const labels = { base: `\`${args.base}\` (${sha.slice(0, 12)})`, head: 'working tree' };
    process.stderr.write(`review: synthesizing the working tree into ${args.outdir}\n`);
    // the working tree's bundle goes where scripts/app.sh puts its own, named per run (runs may overlap)
    const headBundle = join(ROOT, 'node_modules', '.cache', 'monitoring-review', `main-${process.pid}.js`);
    const headError = synth(ROOT, args.outdir, headBundle);
    rmSync(headBundle, { force: true });
    if (headError !== undefined) {
      process.stderr.write(`review: the working tree does not synthesize:\n${headError}\n`);
      process.exit(1);
    }
    const work = mkdtempSync(join(tmpdir(), 'monitoring-review-'));
    try {
      const base = synthBase(args.base, sha, work);
      text = compareReviewDirs(base.reviewDir, join(args.outdir, 'review'), labels, base.missing);
    } finally {
      if (args.keep) process.stderr.write(`review: kept the base copy in ${work}\n`);
      else rmSync(work, { recursive: true, force: true });
    }
    target = args.out ?? join(args.outdir, 'review', 'diff.md');
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  process.stderr.write(`review: wrote ${target}\n`);
  process.stdout.write(text);
}

if (require.main === module) main();
