// The floor under the synth ratios of `npm run bench`: cdktf alone synthesizing the stacks whose
// cdk.tf.json files are given after the outdir (scripts/bench/cdktf-alone.ts). It reports the time spent
// reading those files apart (`readMs`), which is no part of that floor.
import { readFileSync } from 'node:fs';
import { synthWithCdktfAlone } from './cdktf-alone';
import { reportUsage } from './report-usage';

const [outdir, ...files] = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: cdktf-alone-app <outdir> <cdk.tf.json>...');
const started = performance.now();
const documents = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));
const read = performance.now();
synthWithCdktfAlone(outdir, documents);
reportUsage({ readMs: read - started });
