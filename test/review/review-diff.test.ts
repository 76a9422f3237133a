import { diffReviewTrees, diffStack } from '../../lib/review/review-diff';
import { renderMissingBase, renderReviewDiff } from '../../lib/review/review-diff-markdown';
import { StackReview, parseStackReview } from '../../lib/review/review-tree';

/** The review folder of a small stack, as files; `change` edits the parts a test is about. */
interface Fixture {
  rules: string;
  lokiRules: string;
  alertmanager: string;
  dashboards: Record<string, unknown>;
  components: unknown[];
  environment: string;
  other: Record<string, string>;
}

function fixture(): Fixture {
  return {
    rules: [
      'groups:',
      '  - name: service-health',
      '    rules:',
      '      - alert: ServiceDown',
      '        expr: up == 0',
      '        for: 1m',
      '        labels: { severity: critical, team: platform }',
      '        annotations: { summary: "Service {{ $labels.job }} is down" }',
      '      - alert: HighLatency',
      '        expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2',
      '        for: 5m',
      '        labels: { severity: warning, team: platform }',
      '      - record: job:up:sum',
      '        expr: sum by (job) (up)',
      '',
    ].join('\n'),
    lokiRules: [
      'groups:',
      '  - name: log-queries.errors',
      '    rules:',
      '      - alert: HighErrorLogRate',
      '        expr: sum(rate({level="error"} [5m])) > 1',
      '        for: 5m',
      '        labels: { severity: warning, team: platform }',
      '',
    ].join('\n'),
    alertmanager: [
      'route:',
      '  receiver: default',
      '  routes:',
      '    - receiver: platform-slack',
      '      matchers: [team="platform"]',
      '      routes:',
      '        - { receiver: platform-pagerduty, matchers: [severity="critical"], continue: true }',
      '        - { receiver: platform-slack, matchers: [severity="critical"] }',
      '    - receiver: security-slack',
      '      matchers: [team="security"]',
      'receivers:',
      '  - name: default',
      '  - name: platform-slack',
      '    slack_configs: [{ channel: "#platform", api_url_file: /etc/secrets/slack/platform }]',
      '  - name: platform-pagerduty',
      '    pagerduty_configs: [{ routing_key_file: /etc/secrets/pd/platform }]',
      '  - name: security-slack',
      '    slack_configs: [{ channel: "#security", api_url_file: /etc/secrets/slack/security }]',
      '',
    ].join('\n'),
    dashboards: {
      'svc-api': { uid: 'svc-api', title: 'Service / api', panels: [{ id: 1, type: 'stat', title: 'Request rate', targets: [{ expr: 'sum(rate(x[5m]))' }], gridPos: { x: 0 } }] },
      'cluster-overview': { uid: 'cluster-overview', title: 'Cluster / Overview', panels: [{ id: 1, type: 'stat', title: 'Nodes' }] },
    },
    components: [
      {
        path: 'monitoring-x/log-shipper', component: 'LogShipper', namespace: 'monitoring',
        chart: { name: 'fluent-bit', version: '0.58.1' },
        workloads: [{ name: 'main', replicas: 'per node', requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } }],
      },
      {
        path: 'monitoring-x/prometheus', component: 'Prometheus', namespace: 'monitoring',
        chart: { name: 'kube-prometheus-stack', version: '88.5.3' }, retention: '15d', storage: '100Gi',
        workloads: [{ name: 'main', replicas: 2, requests: { cpu: '1', memory: '8Gi' }, limits: { cpu: '4', memory: '16Gi' } }],
      },
    ],
    environment: '- scrape interval: 15s\n- retention: metrics 15d, logs 30d, traces 7d',
    other: { 'otel-collector/otel-collector.yaml': 'receivers:\n  otlp: {}\nexporters:\n  otlp: {}\n' },
  };
}

function stackOf(f: Fixture, name = 'monitoring-x'): StackReview {
  const files = new Map<string, string>([
    ['rules/service-health.yaml', f.rules],
    ['loki-rules/log-queries.yaml', f.lokiRules],
    ['alertmanager.yaml', f.alertmanager],
    ['components.json', JSON.stringify({ schema: 1, stack: name, components: f.components })],
    ...Object.entries(f.dashboards).map(([uid, d]) => [`dashboards/${uid}.json`, JSON.stringify(d)] as [string, string]),
    ...Object.entries(f.other),
    [
      'summary.md',
      [
        `# Review: ${name}`, '', '## Environment', '', f.environment, '', '## Grafana dashboards', '',
        '| Folder | Uid | Title | Panels |', '| --- | --- | --- | --- |',
        ...Object.values(f.dashboards).map((d: any) => `| ${d.folder ?? (d.uid.startsWith('svc') ? 'Services' : 'Platform')} | ${d.uid} | ${d.title} | 1 |`),
        '',
      ].join('\n'),
    ],
  ]);
  return parseStackReview(name, files);
}

/** diff.md text for one stack changed by `change`. */
function diffText(change: (f: Fixture) => void): string {
  const before = fixture();
  const after = fixture();
  change(after);
  return renderReviewDiff([diffStack(stackOf(before), stackOf(after))], { base: '`main`', head: 'working tree' });
}

describe('review diff', () => {
  test('GIVEN identical trees THEN every stack is unchanged and the page says so', () => {
    const text = renderReviewDiff(diffReviewTrees(new Map([['monitoring-x', stackOf(fixture())]]), new Map([['monitoring-x', stackOf(fixture())]])), {
      base: '`main`',
      head: 'working tree',
    });
    expect(text).toContain('1 stack: 1 unchanged (monitoring-x).');
    expect(text).toContain('No changes to alerts, routes, dashboards, charts, sizing or configuration.');
    expect(text).not.toContain('## monitoring-x');
  });

  test('an added alert is listed with severity, team, where and its expression', () => {
    const text = diffText((f) => {
      f.rules = f.rules.replace('      - record:', [
        '      - alert: HighErrorRate',
        '        expr: sum(rate(errors_total[5m])) > 0.05',
        '        for: 5m',
        '        labels: { severity: critical, team: payments }',
        '      - record:',
      ].join('\n'));
    });
    expect(text).toContain('## monitoring-x\n\n### Alerts\n');
    expect(text).toContain('- added `HighErrorRate` (critical, team payments, for 5m) in Prometheus, rules/service-health.yaml › service-health');
    expect(text).toContain('  - expr: `sum(rate(errors_total[5m])) > 0.05`');
  });

  test('a changed alert lists severity, for, expr (as a diff), labels and annotations', () => {
    const text = diffText((f) => {
      f.rules = f.rules
        .replace('expr: up == 0', 'expr: up{job!="batch"} == 0')
        .replace('for: 1m', 'for: 3m')
        .replace('labels: { severity: critical, team: platform }', 'labels: { severity: warning, team: platform, tier: "1" }')
        .replace('summary: "Service {{ $labels.job }} is down"', 'summary: "{{ $labels.job }} down"');
    });
    expect(text).toContain('- changed `ServiceDown` (Prometheus, rules/service-health.yaml › service-health):');
    expect(text).toContain('  - severity: critical → warning');
    expect(text).toContain('  - for: 1m → 3m');
    expect(text).toContain('  - expr:\n    ```diff\n    - up == 0\n    + up{job!="batch"} == 0\n    ```');
    expect(text).toContain('  - label `tier` added: `1`');
    expect(text).toContain('  - annotation `summary`: `Service {{ $labels.job }} is down` → `{{ $labels.job }} down`');
    expect(text).not.toContain('HighLatency');
  });

  test('a removed alert says what it was; Loki alerts are named as such', () => {
    const text = diffText((f) => {
      f.lokiRules = 'groups:\n  - name: log-queries.errors\n    rules: []\n';
    });
    expect(text).toContain('- removed `HighErrorLogRate` (was warning, team platform, for 5m) from Loki, loki-rules/log-queries.yaml › log-queries.errors');
  });

  test('an alert moved to another group is a move, not a removal and an addition', () => {
    const text = diffText((f) => {
      f.rules = f.rules.replace('  - name: service-health', '  - name: availability');
    });
    expect(text).toContain('- changed `ServiceDown` (Prometheus, rules/service-health.yaml › availability):\n  - moved from rules/service-health.yaml › service-health');
    expect(text).not.toContain('- removed `ServiceDown`');
  });

  test('route changes: receiver, a new route, the order of siblings, receivers (secrets hidden)', () => {
    const text = diffText((f) => {
      f.alertmanager = f.alertmanager
        .replace('{ receiver: platform-slack, matchers: [severity="critical"] }', '{ receiver: default, matchers: [severity="critical"] }')
        .replace(
          '    - receiver: security-slack\n      matchers: [team="security"]\n',
          '    - receiver: business-slack\n      matchers: [team=~"business|sales"]\n    - receiver: security-slack\n      matchers: [team="security"]\n',
        )
        .replace('channel: "#security"', 'channel: "#sec-alerts"')
        .replace('/etc/secrets/slack/security', '/etc/secrets/slack/security-v2')
        .replace('receivers:\n', 'receivers:\n  - name: business-slack\n    slack_configs: [{ channel: "#biz" }]\n');
    });
    expect(text).toContain('### Routing\n');
    expect(text).toContain('- route `root › team="platform" › severity="critical" (2nd)`: receiver `platform-slack` → `default`');
    expect(text).toContain('- route added: `root › team=~"business|sales"` → receiver `business-slack`');
    expect(text).toContain('- receiver added: `business-slack` (slack_configs)');
    expect(text).toContain('- receiver `security-slack`: slack_configs.0.api_url_file changed (value not shown); slack_configs.0.channel `#security` → `#sec-alerts`');
    expect(text).not.toContain('security-v2');
  });

  test('reordering sibling routes is reported, since the first match wins', () => {
    const reordered = diffText((f) => {
      f.alertmanager = f.alertmanager.replace(
        '    - receiver: platform-slack\n      matchers: [team="platform"]\n      routes:\n        - { receiver: platform-pagerduty, matchers: [severity="critical"], continue: true }\n        - { receiver: platform-slack, matchers: [severity="critical"] }\n    - receiver: security-slack\n      matchers: [team="security"]\n',
        '    - receiver: security-slack\n      matchers: [team="security"]\n    - receiver: platform-slack\n      matchers: [team="platform"]\n      routes:\n        - { receiver: platform-pagerduty, matchers: [severity="critical"], continue: true }\n        - { receiver: platform-slack, matchers: [severity="critical"] }\n',
      );
    });
    expect(reordered).toContain('- order of the routes under `root` changed (first match wins): now `team="security"`, `team="platform"`');
  });

  test('dashboards: added with folder, removed, and a changed one says what changed', () => {
    const text = diffText((f) => {
      f.dashboards['slo-api'] = { uid: 'slo-api', title: 'SLO / api', panels: [{ type: 'stat', title: 'Budget left' }], folder: 'SLOs' };
      delete f.dashboards['cluster-overview'];
      const svc = f.dashboards['svc-api'] as any;
      svc.title = 'Service / API';
      svc.panels[0].targets[0].expr = 'sum(rate(y[5m]))';
      svc.panels.push({ type: 'timeseries', title: 'Latency' });
    });
    expect(text).toContain('### Dashboards\n');
    expect(text).toContain('- added `slo-api` “SLO / api” in folder SLOs (1 panel)');
    expect(text).toContain('- removed `cluster-overview` “Cluster / Overview” in folder Platform');
    expect(text).toContain('- changed `svc-api`: title “Service / api” → “Service / API”; panels added: “Latency”; panels changed (queries or options): “Request rate”');
  });

  test('a panel that only moved is a layout change', () => {
    const text = diffText((f) => {
      (f.dashboards['svc-api'] as any).panels[0].gridPos = { x: 12 };
    });
    expect(text).toContain('- changed `svc-api`: layout or settings changed (variables, time range, links, positions)');
  });

  test('chart versions: a bump, an added and a removed component', () => {
    const text = diffText((f) => {
      (f.components[1] as any).chart.version = '89.0.0';
      f.components.splice(0, 1);
      f.components.push({ path: 'monitoring-x/tempo', component: 'Tempo', namespace: 'monitoring', chart: { name: 'tempo', version: '1.2.3' }, workloads: [{ name: 'main', replicas: 1 }] });
    });
    expect(text).toContain('### Components and charts\n');
    expect(text).toContain('- Prometheus (`monitoring-x/prometheus`): chart kube-prometheus-stack 88.5.3 → 89.0.0');
    expect(text).toContain('- added Tempo (`monitoring-x/tempo`): chart tempo 1.2.3, 1 replica');
    expect(text).toContain('- removed LogShipper (`monitoring-x/log-shipper`), chart fluent-bit 0.58.1');
  });

  test('sizing and retention: replicas, requests, storage, retention and the totals, per node apart', () => {
    const text = diffText((f) => {
      const prom = f.components[1] as any;
      prom.workloads[0].replicas = 3;
      prom.workloads[0].requests = { cpu: '2', memory: '8Gi' };
      prom.storage = '200Gi';
      prom.retention = '30d';
      (f.components[0] as any).workloads[0].requests = { cpu: '100m', memory: '64Mi' };
    });
    expect(text).toContain('### Sizing and retention\n');
    expect(text).toContain('- Prometheus (`monitoring-x/prometheus`): retention 15d → 30d; storage 100Gi → 200Gi; replicas 2 → 3; requests 1 CPU, 8Gi → 2 CPU, 8Gi per replica');
    expect(text).toContain('- LogShipper (`monitoring-x/log-shipper`): requests 50m CPU, 64Mi → 100m CPU, 64Mi per replica');
    expect(text).toContain('- total requests (replicas × requests): 2 CPU, 16Gi → 6 CPU, 24Gi');
    expect(text).toContain('- requests on every node (DaemonSets): 50m CPU, 64Mi → 100m CPU, 64Mi');
  });

  test('environment lines, recording rules and other configuration files', () => {
    const text = diffText((f) => {
      f.environment = f.environment.replace('metrics 15d', 'metrics 30d');
      f.rules = f.rules.replace('sum by (job) (up)', 'count by (job) (up)');
      f.other['otel-collector/otel-collector.yaml'] = 'receivers:\n  otlp: {}\nexporters:\n  otlp: { endpoint: jaeger:4317 }\n';
      f.other['jaeger/sampling.json'] = '{}\n';
    });
    expect(text).toContain('### Environment\n\n- retention: `metrics 15d, logs 30d, traces 7d` → `metrics 30d, logs 30d, traces 7d`');
    expect(text).toContain('- changed `job:up:sum` (rules/service-health.yaml › service-health):\n  - expr:\n    ```diff\n    - sum by (job) (up)\n    + count by (job) (up)\n    ```');
    expect(text).toContain('- changed `otel-collector/otel-collector.yaml` (+1 −1):\n  ```diff\n  …\n    exporters:\n  -   otlp: {}\n  +   otlp: { endpoint: jaeger:4317 }\n  ```');
    expect(text).toContain('- added `jaeger/sampling.json` (1 line)');
  });

  test('sections come in the reviewer order: alerts, routing, charts, sizing, …', () => {
    const text = diffText((f) => {
      f.environment = f.environment.replace('15s', '30s');
      (f.components[1] as any).chart.version = '89.0.0';
      f.alertmanager = f.alertmanager.replace('receiver: default', 'receiver: platform-slack');
      f.rules = f.rules.replace('for: 1m', 'for: 2m');
    });
    const titles = [...text.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Alerts', 'Routing', 'Components and charts', 'Environment']);
  });

  test('stacks added and removed are named with what they hold', () => {
    const stacks = diffReviewTrees(new Map([['monitoring-old', stackOf(fixture(), 'monitoring-old')]]), new Map([['monitoring-new', stackOf(fixture(), 'monitoring-new')]]));
    const text = renderReviewDiff(stacks, { base: '`main`', head: 'working tree' });
    expect(text).toContain('2 stacks: 1 added (monitoring-new), 1 removed (monitoring-old).');
    expect(text).toContain('## monitoring-new (new stack)\n\n### Components and charts\n\n- new stack: 2 components (fluent-bit 0.58.1, kube-prometheus-stack 88.5.3), 3 alerts, 5 routes, 2 dashboards');
    expect(text).toContain('## monitoring-old (stack removed)\n\n### Components and charts\n\n- stack removed; it had 2 components');
  });

  test('a base without review artifacts is said plainly', () => {
    const text = renderMissingBase('the base `v0.1` (abc) has no review artifacts.', ['monitoring-dev', 'monitoring-prod'], { base: '`v0.1` (abc)', head: 'working tree' });
    expect(text).toBe(
      '# Review diff\n\nBase: `v0.1` (abc) → working tree.\n\n**Nothing to compare:** the base `v0.1` (abc) has no review artifacts.\n\n' +
        'The working tree has 2 stacks (monitoring-dev, monitoring-prod); read their summary.md in the review artifacts.\n',
    );
  });

  test('a base summary.md from before components.json still gives the components, and the page says so', () => {
    const oldSummary = [
      '# Review: monitoring-x', '', '## Components', '',
      '| component | path | namespace | chart | replicas | retention | storage | requests (per replica) | limits (per replica) |',
      '|---|---|---|---|---|---|---|---|---|',
      '| LogShipper | `monitoring-x/log-shipper` | monitoring | fluent-bit 0.58.1 | — | — | — | 50m CPU, 64Mi | 500m CPU, 256Mi |',
      '| Prometheus | `monitoring-x/prometheus` | monitoring | kube-prometheus-stack 88.5.3 | 2 | 15d | 100Gi | 1 CPU, 8Gi | 4 CPU, 16Gi |',
      '',
    ].join('\n');
    const base = parseStackReview('monitoring-x', new Map([['summary.md', oldSummary]]));
    expect(base.componentsFrom).toBe('summary.md');
    expect(base.components).toEqual(
      fixture().components.map((c: any) => ({ ...c, chart: { name: c.chart.name, version: c.chart.version } })),
    );
    const after = fixture();
    (after.components[1] as any).workloads[0].replicas = 4;
    const head = parseStackReview('monitoring-x', new Map([['summary.md', oldSummary], ['components.json', JSON.stringify({ components: after.components })]]));
    const text = renderReviewDiff([diffStack(base, head)], { base: '`main`', head: 'working tree' });
    expect(text).toContain('> The base has no components.json (it predates it); its components were read from its summary.md.');
    expect(text).toContain('- Prometheus (`monitoring-x/prometheus`): replicas 2 → 4');
  });

  test('the same input renders the same bytes', () => {
    const change = (f: Fixture) => {
      f.rules = f.rules.replace('for: 1m', 'for: 2m');
      (f.components[1] as any).chart.version = '89.0.0';
    };
    expect(diffText(change)).toBe(diffText(change));
  });
});
