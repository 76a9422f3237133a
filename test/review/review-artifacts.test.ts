import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { Charts, MonitoringApp, ReviewArtifacts } from '../../lib';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('ReviewArtifacts', () => {
  test('GIVEN components and files THEN summary.md lists them with totals, and files are rendered lazily', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-x');
    const review = ReviewArtifacts.of(stack);
    let rules = 'groups: []\n';
    review.addFile('rules/a.yaml', () => rules, 'monitoring-x/prometheus');
    review.addComponent(() => ({
      component: 'Prometheus',
      constructPath: 'monitoring-x/prometheus',
      namespace: 'monitoring',
      chart: Charts.kubePrometheusStack,
      replicas: 2,
      retention: '15d',
      storage: '100Gi',
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '4Gi' } },
    }));
    review.addSummarySection({ title: 'Alerts', order: 10, render: () => '3 alerts' });
    rules = 'groups: [changed]\n'; // a change after registration still counts

    const files = review.render();
    expect([...files.keys()]).toEqual(['rules/a.yaml', 'summary.md']);
    expect(files.get('rules/a.yaml')).toBe('groups: [changed]\n');
    const summary = files.get('summary.md')!;
    expect(summary).toContain('# Review: monitoring-x');
    expect(summary).toContain('| Prometheus | `monitoring-x/prometheus` | monitoring | kube-prometheus-stack 88.5.3 | 2 | 15d | 100Gi | 500m CPU, 2Gi | 1 CPU, 4Gi |');
    expect(summary).toContain('Total requests (replicas × requests): 1 cores, 4 GiB.');
    expect(summary).toContain('## Alerts\n\n3 alerts');
    expect(summary).toContain('- `rules/a.yaml`');
  });

  test('refuses duplicate and unsafe paths, naming the owner', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-x');
    const review = ReviewArtifacts.of(stack);
    review.addFile('alertmanager.yaml', () => '', 'monitoring-x/alertmanager');
    expect(() => review.addFile('alertmanager.yaml', () => '', 'monitoring-x/other')).toThrow(
      'monitoring-x/other: review file "alertmanager.yaml" is already written by another component of stack "monitoring-x"',
    );
    for (const bad of ['../escape.yaml', '/abs.yaml', 'summary.md', 'a b.yaml']) {
      expect(() => review.addFile(bad, () => '', 'monitoring-x/p')).toThrow(`monitoring-x/p: review file path ${JSON.stringify(bad)} is not allowed`);
    }
  });

  test('GIVEN an earlier synth left files THEN a new synth removes what no longer applies and is byte-identical', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'review-'));
    const build = () => {
      const app = new MonitoringApp({ outdir });
      const stack = new TerraformStack(app, 'monitoring-y');
      ReviewArtifacts.of(stack).addFile('rules/kept.yaml', () => 'groups: []\n', 'p');
      return app;
    };
    mkdirSync(join(outdir, 'review', 'monitoring-y', 'rules'), { recursive: true });
    writeFileSync(join(outdir, 'review', 'monitoring-y', 'rules', 'stale.yaml'), 'old');
    mkdirSync(join(outdir, 'review', 'monitoring-gone'), { recursive: true });

    build().synth();
    const reviewDir = join(outdir, 'review');
    const first = listFiles(reviewDir).map((f) => [f, readFileSync(join(reviewDir, f), 'utf8')]);
    expect(first.map(([f]) => f)).toEqual(['monitoring-y/rules/kept.yaml', 'monitoring-y/summary.md']);
    expect(existsSync(join(reviewDir, 'monitoring-gone'))).toBe(false);

    build().synth();
    const second = listFiles(reviewDir).map((f) => [f, readFileSync(join(reviewDir, f), 'utf8')]);
    expect(second).toEqual(first);
  });
});
