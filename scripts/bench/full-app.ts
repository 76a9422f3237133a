// The full example app of this repository: main.ts itself, as `npm run synth` runs it, into the outdir
// given as the first argument (cdktf's App reads CDKTF_OUTDIR). It reports where its time goes: loading
// the library with its dependencies, then building and synthesizing the stacks.
import { dependencyFiles, reportUsage } from './report-usage';

process.env.CDKTF_OUTDIR = process.argv[2];
const started = performance.now();
require('../../lib');
require('../../stacks');
const loaded = performance.now();
require('../../main');
const done = performance.now();
reportUsage({ loadMs: loaded - started, workMs: done - loaded, dependencyFiles: dependencyFiles() });
