// @ts-check
/*
 * What a bundle was built from, kept beside it (`<outfile>.inputs.json`), so that `scripts/bundle.js --reuse`
 * can keep the bundle when nothing it was built from changed: `npm run synth` and every cdktf command run
 * scripts/app.sh, and bundling main.ts (~0.5 s) was about half of a synth. The stamp holds the bundler's
 * own key (its sources, esbuild's and node's versions, the arguments), the files esbuild read (its
 * metafile) and a hash of their bytes and of the listings of the folders from the working directory down
 * to them: a changed file, or a new file on the way to one (which can change what an import resolves to),
 * means a new build.
 */
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The key of a build: what else than its input files decides the bundle (the input paths are relative to the working directory). */
function buildKey(/** @type {readonly string[]} */ args) {
  const hash = createHash('sha256');
  for (const file of [join(__dirname, 'bundle.js'), __filename, join(__dirname, 'without-dashboard-v2-builders.js')]) hash.update(readFileSync(file));
  // read by esbuild but not in its list of inputs: the compiler options (class fields, decorators) and the package
  for (const file of ['tsconfig.json', 'package.json']) hash.update(existsSync(file) ? readFileSync(file) : '\0');
  hash.update(`${require('esbuild/package.json').version}\0${process.version}\0${process.cwd()}\0${args.join('\0')}`);
  return hash.digest('hex');
}

/**
 * A hash of the input files' bytes and of their folders' listings; undefined when one is gone.
 * @param {readonly string[]} files paths relative to the working directory, as esbuild's metafile gives them
 */
function inputsHash(files) {
  const hash = createHash('sha256');
  try {
    for (const file of files) hash.update(`${file}\0`).update(readFileSync(file));
    for (const dir of foldersOnTheWay(files)) hash.update(`${dir}\0${readdirSync(dir).sort().join('\0')}\0`);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
  return hash.digest('hex');
}

/**
 * The folders of the input files and every folder above them up to the working directory: where a new
 * file or package can change what an import resolves to (`lib/thing.ts` beside `lib/thing/index.ts`, a
 * package in a nearer node_modules).
 * @param {readonly string[]} files
 */
function foldersOnTheWay(files) {
  const folders = new Set();
  for (const file of files) {
    for (let dir = dirname(file); !folders.has(dir); dir = dirname(dir)) {
      folders.add(dir);
      if (dir === '.' || dir === dirname(dir) || dir.endsWith('..')) break;
    }
  }
  return [...folders].sort();
}

/**
 * Whether the stamp beside `outfile` says it was built with this key from inputs that are unchanged.
 * @param {string} outfile
 * @param {string} key
 */
function isUpToDate(outfile, key) {
  if (!existsSync(outfile)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(outfile), 'utf8'));
  } catch {
    return false; // none (never built, or a build that did not finish), or not one this script wrote
  }
  return stamp.key === key && Array.isArray(stamp.inputs) && stamp.inputsHash === inputsHash(stamp.inputs);
}

/** Removes the stamp before a build, so that a build that fails or stops half-way is never taken as current. */
function removeStamp(/** @type {string} */ outfile) {
  rmSync(stampPath(outfile), { force: true });
}

/**
 * Writes the stamp of a finished build (atomically: another synth may be reading it), unless an input was
 * modified from shortly before the build began: the bundle may hold its earlier bytes while the hash, taken
 * now, holds the new ones. The margin covers file systems whose times are coarse; the next run then builds.
 * @param {string} outfile
 * @param {string} key
 * @param {readonly string[]} inputs
 * @param {number} buildStartedMs `Date.now()` when the build began
 */
function writeStamp(outfile, key, inputs, buildStartedMs) {
  const files = [...inputs].sort();
  if (files.some((file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) >= buildStartedMs - MTIME_MARGIN_MS)) return;
  const temporary = `${stampPath(outfile)}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify({ key, inputs: files, inputsHash: inputsHash(files) }));
  renameSync(temporary, stampPath(outfile));
}

const MTIME_MARGIN_MS = 2000;

function stampPath(/** @type {string} */ outfile) {
  return `${outfile}.inputs.json`;
}

module.exports = { buildKey, isUpToDate, removeStamp, writeStamp };
