// @ts-check
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, join } = require('node:path');

/*
 * One temporary folder per jest run, made the run's TMPDIR (jest.config.js: globalSetup, before the
 * workers start, so they and every process they start inherit it) and removed when the run ends
 * (globalTeardown). What the tests, cdktf's Testing.app() (a fresh outdir per app, which it never
 * removes) and the tools put under os.tmpdir() goes with it: a run left ~1,250 folders in /tmp, and
 * after a few hundred runs every tool that lists /tmp paid for it (esbuild lists each folder above
 * the files it bundles: ~0.3 s more per build at 270,000 entries). A run that was killed leaves its
 * folder; the next run removes it.
 */

const PREFIX = 'monitoring-jest-run-';

/** @type {string | undefined} TMPDIR before the run (undefined: unset). */
let before;
/** @type {string | undefined} The run's folder. */
let runFolder;

/** globalSetup: the run's folder becomes TMPDIR. */
function startRun() {
  before = process.env.TMPDIR;
  runFolder = createRunTempFolder(tmpdir());
  process.env.TMPDIR = runFolder;
}

/** globalTeardown: TMPDIR as it was, and the run's folder removed. */
function endRun() {
  if (before === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = before;
  if (runFolder) removeRunTempFolder(runFolder);
}

/**
 * Creates a run folder of this process in `parent`, after removing those of runs that have ended.
 * @param {string} parent
 */
function createRunTempFolder(parent) {
  for (const name of readdirSync(parent)) {
    if (isRunFolder(name) && !isRunning(Number(name.slice(PREFIX.length).split('-')[0]))) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  return mkdtempSync(join(parent, `${PREFIX}${process.pid}-`));
}

/**
 * Removes a run folder with everything in it (and nothing that is not a run folder).
 * @param {string} folder
 */
function removeRunTempFolder(folder) {
  if (isRunFolder(basename(folder))) rmSync(folder, { recursive: true, force: true });
}

/** @param {string} name */
function isRunFolder(name) {
  return name.startsWith(PREFIX);
}

/** @param {number} pid */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

module.exports = { startRun, endRun, createRunTempFolder, removeRunTempFolder, RUN_FOLDER_PREFIX: PREFIX };
