import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { REPO_ROOT } from './disk-cache';

// jest.config.js's globalSetup and globalTeardown: plain JavaScript, as jest loads them.
const { createRunTempFolder, removeRunTempFolder, RUN_FOLDER_PREFIX } = require('./run-temp-folder') as {
  createRunTempFolder: (parent: string) => string;
  removeRunTempFolder: (folder: string) => void;
  RUN_FOLDER_PREFIX: string;
};

describe('one temporary folder per jest run (test/support/run-temp-folder.js)', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'run-temp-folder-test-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  test('the tests of this run have a temporary folder of their own', () => {
    expect(basename(tmpdir())).toMatch(new RegExp(`^${RUN_FOLDER_PREFIX}\\d+-`));
    expect(basename(dirname(tmpdir()))).not.toMatch(new RegExp(`^${RUN_FOLDER_PREFIX}`));
  });

  test('GIVEN a jest run whose tests leave files and cdktf outdirs behind THEN nothing of it is left in the temporary folder', () => {
    // GIVEN the fixture's test, run by a jest of its own in an empty temporary folder (jest's cache kept elsewhere)
    const cache = join(dirname(scratch), `${basename(scratch)}-jest-cache`);
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', `--cacheDirectory=${cache}`, '--testMatch', '**/test/fixtures/run-temp-folder/leaves-files.fixture.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: scratch },
      encoding: 'utf8',
    });
    // THEN it passed (its files were written in the run's folder), and the folder is gone with them
    expect(`${run.stdout}${run.stderr}`).toContain('1 passed');
    expect(run.status).toBe(0);
    expect(readdirSync(scratch)).toEqual([]);
    rmSync(cache, { recursive: true, force: true });
  }, 60_000);

  test('GIVEN the folder of a run that was killed, and one of a run still going THEN a new run removes only the first, and its own at its end', () => {
    // GIVEN a folder of a process that has ended, one of this (running) process, and a folder of something else
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const killedRun = join(scratch, `${RUN_FOLDER_PREFIX}${ended}-abc123`);
    const runningRun = join(scratch, `${RUN_FOLDER_PREFIX}${process.pid}-def456`);
    const other = join(scratch, 'someone-elses-folder');
    for (const folder of [killedRun, runningRun, other]) {
      mkdirSync(folder);
      writeFileSync(join(folder, 'file'), '');
    }
    // WHEN a run starts there
    const own = createRunTempFolder(scratch);
    writeFileSync(join(own, 'left-behind'), '');
    // THEN the killed run's folder is gone, the others stay, and the run has a folder of its own
    expect(existsSync(killedRun)).toBe(false);
    expect(existsSync(runningRun)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(dirname(own)).toBe(scratch);
    expect(basename(own).startsWith(`${RUN_FOLDER_PREFIX}${process.pid}-`)).toBe(true);
    // WHEN it ends  THEN its folder is removed with what was left in it; a folder that is no run's is never removed
    removeRunTempFolder(own);
    removeRunTempFolder(other);
    expect(readdirSync(scratch).sort()).toEqual([basename(runningRun), basename(other)].sort());
  });
});
