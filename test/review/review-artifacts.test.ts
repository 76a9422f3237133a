import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
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
    expect(summary).toContain('| Prometheus | `monitoring-x/prometheus` | monitoring | kube-prometheus-stack 88.5.3 | 2 | 15d | 100Gi | 500m CPU, 2Gi | 1 CPU, 4Gi | 1 CPU, 4Gi |');
    expect(summary).toContain('Total requests (replicas × requests): 1 cores, 4 GiB.');
    expect(summary).toContain('## Alerts\n\n3 alerts');
    expect(summary).toContain('- `rules/a.yaml`');
  });

  test('GIVEN a DaemonSet and a component with two workloads THEN totals count replicas × requests and per-node requests apart', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-z');
    const review = ReviewArtifacts.of(stack);
    const small = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
    review.addComponent(() => ({ component: 'LogShipper', constructPath: 'monitoring-z/log-shipper', namespace: 'monitoring', chart: Charts.fluentBit, resources: small }));
    review.addComponent(() => ({
      component: 'Datadog agent',
      constructPath: 'monitoring-z/datadog',
      namespace: 'monitoring',
      resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      otherWorkloads: [{ name: 'cluster-agent', replicas: 2, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } } }],
    }));
    review.addComponent(() => ({
      component: 'Grafana', constructPath: 'monitoring-z/grafana', namespace: 'monitoring', replicas: 3,
      resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    }));
    const summary = review.render().get('summary.md')!;
    expect(summary).toContain('| LogShipper | `monitoring-z/log-shipper` | monitoring | fluent-bit 0.58.1 | per node | — | — | 50m CPU, 64Mi | 500m CPU, 256Mi | 50m CPU, 64Mi per node |');
    expect(summary).toContain('| Datadog agent | `monitoring-z/datadog` | monitoring | — | per node | — | — | 200m CPU, 256Mi | 1 CPU, 512Mi | 200m CPU, 256Mi per node |');
    expect(summary).toContain('| Datadog agent › cluster-agent | `monitoring-z/datadog` | monitoring | — | 2 | — | — | 100m CPU, 128Mi | 200m CPU, 256Mi | 200m CPU, 256Mi |');
    expect(summary).toContain('| Grafana | `monitoring-z/grafana` | monitoring | — | 3 | — | — | 250m CPU, 1Gi | 1 CPU, 2Gi | 750m CPU, 3Gi |');
    // 2 × 100m + 3 × 250m = 950m; 2 × 128Mi + 3 × 1Gi = 3.25 GiB. Per node: 50m + 200m, 64Mi + 256Mi.
    expect(summary).toContain(
      'Total requests (replicas × requests): 0.95 cores, 3.25 GiB; plus 250m CPU, 320Mi on every node (DaemonSets, one pod per node: Datadog agent; LogShipper).',
    );
    const json = JSON.parse(review.renderComponentsJson());
    expect(json.components.map((c: any) => c.path)).toEqual(['monitoring-z/datadog', 'monitoring-z/grafana', 'monitoring-z/log-shipper']);
    expect(json.components[0].workloads).toEqual([
      { name: 'main', replicas: 'per node', requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      { name: 'cluster-agent', replicas: 2, requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
    ]);
    expect(json.components[2].chart).toEqual({ name: 'fluent-bit', version: Charts.fluentBit.version, repository: Charts.fluentBit.repository });
    expect(json.totals).toEqual({
      fixedCpuMillicores: 950, fixedMemoryBytes: 3.25 * 1024 ** 3, perNodeCpuMillicores: 250, perNodeMemoryBytes: 320 * 1024 ** 2, perNodeComponents: ['Datadog agent', 'LogShipper'],
    });
    expect(review.renderComponentsJson()).toBe(review.renderComponentsJson());
  });

  test('refuses duplicate and unsafe paths, naming the owner', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-x');
    const review = ReviewArtifacts.of(stack);
    review.addFile('alertmanager.yaml', () => '', 'monitoring-x/alertmanager');
    expect(() => review.addFile('alertmanager.yaml', () => '', 'monitoring-x/other')).toThrow(
      'monitoring-x/other: review file "alertmanager.yaml" is already written by another component of stack "monitoring-x"',
    );
    for (const bad of ['../escape.yaml', '/abs.yaml', 'summary.md', 'components.json', 'a b.yaml']) {
      expect(() => review.addFile(bad, () => '', 'monitoring-x/p')).toThrow(`monitoring-x/p: review file path ${JSON.stringify(bad)} is not allowed`);
    }
  });

  test('GIVEN sections of the same order THEN summary.md orders them by title in code-unit order, not by the machine locale', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-x');
    for (const title of ['alpha', 'Zeta', 'aalborg']) ReviewArtifacts.of(stack).addSummarySection({ title, order: 50, render: () => title });
    const headings = ReviewArtifacts.of(stack).render().get('summary.md')!.split('\n').filter((line) => line.startsWith('## '));
    // localeCompare under en_US: aalborg, alpha, Zeta; under da_DK: alpha, Zeta, aalborg
    expect(headings.filter((h) => ['## alpha', '## Zeta', '## aalborg'].includes(h))).toEqual(['## Zeta', '## aalborg', '## alpha']);
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
    expect(first.map(([f]) => f)).toEqual(['monitoring-y/components.json', 'monitoring-y/rules/kept.yaml', 'monitoring-y/summary.md']);
    expect(existsSync(join(reviewDir, 'monitoring-gone'))).toBe(false);

    build().synth();
    const second = listFiles(reviewDir).map((f) => [f, readFileSync(join(reviewDir, f), 'utf8')]);
    expect(second).toEqual(first);
  });

  test('GIVEN an earlier synth THEN a file whose bytes are unchanged is left as it is and a changed one is rewritten', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'review-'));
    const build = (objective: string) => {
      const app = new MonitoringApp({ outdir });
      const stack = new TerraformStack(app, 'monitoring-y');
      ReviewArtifacts.of(stack).addFile('rules/kept.yaml', () => 'groups: []\n', 'p');
      ReviewArtifacts.of(stack).addFile('rules/slo.yaml', () => `objective: ${objective}\n`, 'p');
      return app;
    };
    build('99.9').synth();
    const kept = join(outdir, 'review', 'monitoring-y', 'rules', 'kept.yaml');
    const changed = join(outdir, 'review', 'monitoring-y', 'rules', 'slo.yaml');
    const longAgo = new Date('2020-01-01T00:00:00Z');
    for (const path of [kept, changed]) utimesSync(path, longAgo, longAgo);

    build('99.5').synth();
    expect(statSync(kept).mtime).toEqual(longAgo);
    expect(readFileSync(changed, 'utf8')).toBe('objective: 99.5\n');
    expect(statSync(changed).mtime.getTime()).toBeGreaterThan(longAgo.getTime());
  });

  test('GIVEN an earlier synth left a folder where a file goes, a file where a folder goes and empty folders THEN the new synth replaces them', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'review-'));
    const stackDir = join(outdir, 'review', 'monitoring-y');
    mkdirSync(join(stackDir, 'rules', 'kept.yaml'), { recursive: true });
    writeFileSync(join(stackDir, 'rules', 'kept.yaml', 'inside'), 'old');
    writeFileSync(join(stackDir, 'dashboards'), 'old');
    mkdirSync(join(stackDir, 'old', 'empty'), { recursive: true });
    writeFileSync(join(outdir, 'review', 'notes.txt'), 'not a stack');

    const app = new MonitoringApp({ outdir });
    const stack = new TerraformStack(app, 'monitoring-y');
    ReviewArtifacts.of(stack).addFile('rules/kept.yaml', () => 'groups: []\n', 'p');
    ReviewArtifacts.of(stack).addFile('dashboards/d.json', () => '{}', 'p');
    app.synth();

    expect(listFiles(join(outdir, 'review'))).toEqual(['monitoring-y/components.json', 'monitoring-y/dashboards/d.json', 'monitoring-y/rules/kept.yaml', 'monitoring-y/summary.md']);
    expect(readFileSync(join(stackDir, 'rules', 'kept.yaml'), 'utf8')).toBe('groups: []\n');
    expect(readFileSync(join(stackDir, 'dashboards', 'd.json'), 'utf8')).toBe('{}\n');
    expect(existsSync(join(stackDir, 'old'))).toBe(false);
  });

  test('GIVEN a file where the review folder goes THEN the synth replaces it', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'review-'));
    writeFileSync(join(outdir, 'review'), 'not a folder');
    const app = new MonitoringApp({ outdir });
    ReviewArtifacts.of(new TerraformStack(app, 'monitoring-y')).addFile('rules/kept.yaml', () => 'groups: []\n', 'p');
    app.synth();
    expect(readFileSync(join(outdir, 'review', 'monitoring-y', 'rules', 'kept.yaml'), 'utf8')).toBe('groups: []\n');
  });
});
