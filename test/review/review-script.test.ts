import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EnvironmentConfig, MonitoringApp, MonitoringStack } from '../../lib';
import { compareReviewDirs } from '../../scripts/review';

const ROOT = resolve(__dirname, '../..');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Synthesizes a MonitoringApp of these environments into a temp outdir; returns its review dir. */
function synthReview(environments: EnvironmentConfig[]): string {
  const outdir = tempDir('review-script-');
  const app = new MonitoringApp({ outdir, stackTraces: false });
  for (const environment of environments) new MonitoringStack(app, environment);
  app.synth();
  return join(outdir, 'review');
}

describe('scripts/review.ts', () => {
  test('compares two synthesized review folders in reviewer language', () => {
    const qa: EnvironmentConfig = { name: 'qa', clusterName: 'qa-1', region: 'eu-west-1' };
    const base = synthReview([qa, { name: 'old', clusterName: 'old-1', region: 'eu-west-1' }]);
    const head = synthReview([
      {
        ...qa,
        retention: { metrics: '30d' },
        components: { grafana: false },
        sizing: { prometheus: { replicas: 3, storageGiB: 200 } },
      },
      { name: 'new', clusterName: 'new-1', region: 'eu-west-1' },
    ]);
    expect(existsSync(join(head, 'monitoring-qa', 'components.json'))).toBe(true);
    const text = compareReviewDirs(base, head, { base: '`base`', head: 'working tree' });

    expect(text).toMatch(/^# Review diff\n\nBase: `base` → working tree\.\n\n3 stacks: 1 changed \(monitoring-qa\), 1 added \(monitoring-new\), 1 removed \(monitoring-old\)\.\n/);
    expect(text).toContain('## monitoring-new (new stack)');
    expect(text).toContain('## monitoring-old (stack removed)');
    const qaPart = text.slice(text.indexOf('## monitoring-qa'));
    expect(qaPart).toMatch(/- removed Grafana \(`monitoring-qa\/grafana`\), chart grafana \d+\.\d+\.\d+/);
    expect(qaPart).toMatch(/- Prometheus \(`monitoring-qa\/prometheus`\): retention 15d → 30d; storage \d+Gi → 200Gi; replicas \d → 3/);
    expect(qaPart).toContain('- removed `cluster-overview` “Cluster / Overview” in folder Platform');
    expect(qaPart).toContain('- retention: `metrics 15d,');
    expect(qaPart).toContain('- total requests (replicas × requests): ');
    expect(compareReviewDirs(base, head, { base: '`base`', head: 'working tree' })).toBe(text);
  });

  test('a base folder without review artifacts gives a clear note, not a diff', () => {
    const head = synthReview([{ name: 'qa', clusterName: 'qa-1', region: 'eu-west-1' }]);
    const text = compareReviewDirs(join(tmpdir(), 'no-such-review-dir'), head, { base: '`v0` (abc)', head: 'working tree' });
    expect(text).toContain('**Nothing to compare:** the base `v0` (abc) has no review artifacts (cdktf.out/review/): it predates them or its synth does not write them.');
    expect(text).toContain('The working tree has 1 stack (monitoring-qa)');
  });

  test('against HEAD via git: synthesizes both sides and writes diff.md', () => {
    // How long it takes is measured by `npm run bench` (section "Review"), not here.
    const outdir = tempDir('review-git-');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/review.ts', '--base', 'HEAD', '--outdir', outdir], { cwd: ROOT, encoding: 'utf8' });
    expect([run.status, run.stderr.split('\n').filter((l) => !l.startsWith('review:')).slice(-5)]).toEqual([0, expect.anything()]);
    const written = readFileSync(join(outdir, 'review', 'diff.md'), 'utf8');
    expect(run.stdout).toBe(written);
    expect(written).toMatch(/^# Review diff\n\nBase: `HEAD` \([0-9a-f]{12}\) → working tree\.\n/);
    for (const stack of ['monitoring-dev', 'monitoring-staging', 'monitoring-prod']) expect(written).toContain(stack);
  });

  test('refuses a ref that is not a commit, saying how to fetch it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/review.ts', '--base', 'no-such-branch-xyz'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('review: git ref "no-such-branch-xyz" is not a commit here; fetch it first');
  });
});
