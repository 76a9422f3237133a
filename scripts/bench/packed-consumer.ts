import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installConsumerProject } from '../../test/support/packed-library';
import { bundleAppOrThrow } from '../bundle-app';

/*
 * The library as another repository runs it: packed as the tests pack it (test/support/packed-library.ts:
 * `npm pack` of a copy, cached by its sources), installed with its peers into a fresh project, and two
 * plain JavaScript apps there, run directly with node (no CLI, no tsx):
 *   - full.js: one whole environment (`new MonitoringStack(app, {...})`) from the package root, reporting
 *     where its time went (node's start, cdktf, the package, building, synthesizing);
 *   - minimal.js: the one-release cdktf app (scripts/bench/minimal-app.ts), bundled with its cdktf and
 *     provider imports left to the consumer's node_modules;
 *   - cdktf-alone.js: cdktf alone synthesizing again the stacks whose cdk.tf.json it is given
 *     (scripts/bench/cdktf-alone-app.ts), bundled as minimal.js.
 * Each prints the bench's BENCH line (wall time since start, peak memory).
 */

const FULL_APP = `
process.env.CDKTF_OUTDIR = process.argv[2];
const started = performance.now();
require('cdktf'); // the package loads it anyway: timed apart, as the minimal app loads it too
const cdktfLoaded = performance.now();
const { MonitoringApp, MonitoringStack } = require('@platform/monitoring-constructs');
const loaded = performance.now();
const app = new MonitoringApp();
new MonitoringStack(app, { name: 'small', clusterName: 'small-1', region: 'eu-west-1' });
const built = performance.now();
app.synth();
const done = performance.now();
const phasesMs = { nodeStart: started, cdktf: cdktfLoaded - started, package: loaded - cdktfLoaded, build: built - loaded, synth: done - built };
process.stdout.write('\\nBENCH ' + JSON.stringify({ wallMs: done, peakRssMiB: process.resourceUsage().maxRSS / 1024, phasesMs }) + '\\n');
`;

/** A consumer project with the packed library installed; `dispose` removes it. */
export interface PackedConsumer {
  readonly dir: string;
  /** The consumer's app scripts: the whole environment, and the one-release baseline. */
  readonly fullApp: string;
  readonly minimalApp: string;
  /** cdktf alone synthesizing given stacks again: the floor under the consumer app's ratio. */
  readonly cdktfAloneApp: string;
  dispose(): void;
}

/** Installs the packed library (test/support/packed-library.ts) with its peers into a fresh project. */
export function preparePackedConsumer(): PackedConsumer {
  const work = mkdtempSync(join(tmpdir(), 'bench-consumer-'));
  try {
    const dir = join(work, 'consumer');
    installConsumerProject(dir, 'consumer');
    writeFileSync(join(dir, 'full.js'), FULL_APP);
    const root = resolve(__dirname, '..', '..');
    const external = ['cdktf', 'constructs', '@cdktf/*'];
    bundleAppOrThrow(join(root, 'scripts', 'bench', 'minimal-app.ts'), join(dir, 'minimal.js'), { cwd: root, external });
    bundleAppOrThrow(join(root, 'scripts', 'bench', 'cdktf-alone-app.ts'), join(dir, 'cdktf-alone.js'), { cwd: root, external });
    return {
      dir,
      fullApp: join(dir, 'full.js'),
      minimalApp: join(dir, 'minimal.js'),
      cdktfAloneApp: join(dir, 'cdktf-alone.js'),
      dispose: () => rmSync(work, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
