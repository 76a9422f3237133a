import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The library as another repository runs it: `npm pack`, installed with its peers into a fresh
 * project, and two plain JavaScript apps there, run directly with node (no CLI, no tsx):
 *   - full.js: one whole environment (`new MonitoringStack(app, {...})`) from the package root;
 *   - minimal.js: the one-release cdktf app (scripts/bench/one-release.ts) from the same node_modules.
 * Each prints the bench's BENCH line (wall time since start, peak memory).
 */

const FULL_APP = `
process.env.CDKTF_OUTDIR = process.argv[2];
const { MonitoringApp, MonitoringStack } = require('@platform/monitoring-constructs');
const app = new MonitoringApp();
new MonitoringStack(app, { name: 'small', clusterName: 'small-1', region: 'eu-west-1' });
app.synth();
process.stdout.write('\\nBENCH ' + JSON.stringify({ wallMs: performance.now(), peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

const MINIMAL_APP = `
const { App, TerraformStack } = require('cdktf');
const { HelmProvider } = require('@cdktf/provider-helm/lib/provider');
const { Release } = require('@cdktf/provider-helm/lib/release');
const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, 'minimal');
new HelmProvider(stack, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
new Release(stack, 'release', { name: 'kube-prometheus-stack', repository: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.5.3', namespace: 'monitoring' });
app.synth();
process.stdout.write('\\nBENCH ' + JSON.stringify({ wallMs: performance.now(), peakRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

/** A consumer project with the packed library installed; `dispose` removes it. */
export interface PackedConsumer {
  readonly dir: string;
  /** The consumer's app scripts: the whole environment, and the one-release baseline. */
  readonly fullApp: string;
  readonly minimalApp: string;
  dispose(): void;
}

/** Packs the repository (its `prepack` builds dist/) and installs the tarball with its peers into a fresh project. */
export function preparePackedConsumer(root: string): PackedConsumer {
  const work = mkdtempSync(join(tmpdir(), 'bench-consumer-'));
  const run = (command: string, args: string[], cwd: string) =>
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 64 * 1024 * 1024 });
  try {
    run('npm', ['pack', '--pack-destination', work, '--silent'], root);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    const peers = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).peerDependencies as Record<string, string>;
    const dir = join(work, 'consumer');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tarball), ...Object.entries(peers).map(([n, v]) => `${n}@${v}`)], dir);
    writeFileSync(join(dir, 'full.js'), FULL_APP);
    writeFileSync(join(dir, 'minimal.js'), MINIMAL_APP);
    return { dir, fullApp: join(dir, 'full.js'), minimalApp: join(dir, 'minimal.js'), dispose: () => rmSync(work, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}
