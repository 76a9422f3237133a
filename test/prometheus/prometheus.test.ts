import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import {
  AlertRule, Charts, Duration, Prometheus, PrometheusProps, RecordingRule, RemoteWrite, ReviewArtifacts, RuleGroup,
  ServiceHealthRules, Severity,
} from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { chartDefaults, unknownChartKeys } from '../support/chart-values';
import { promtoolCheckRules, findTool } from '../support/tools';
import { synthJson, releaseValues } from '../support/synth';
import { refusal } from '../support/refusal';

const RUNBOOKS = 'https://runbooks.example.com/alerts';

function build(props: Partial<PrometheusProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring', ...props });
  return { stack, prometheus };
}

function releases(json: Record<string, any>): Record<string, any>[] {
  return Object.values(json.resource.helm_release);
}

function valuesOf(release: Record<string, any>): Record<string, any> {
  return parse(unescapeTerraformTemplate(release.values[0]));
}

function checkoutGroup(expr = 'sum by (service) (rate(orders_failed_total[5m])) > 1') {
  return new RuleGroup('checkout.business', {
    interval: Duration.minutes(1),
    rules: [
      new RecordingRule({ record: 'business:orders:rate5m', expr: 'sum by (service) (rate(orders_total[5m]))' }),
      new AlertRule({ name: 'OrdersFailing', expr, for: '10m', severity: Severity.WARNING, team: 'business', summary: 'Orders fail for {{ $labels.service }}' }),
    ],
  });
}

describe('Prometheus', () => {
  test('GIVEN the issue example THEN kube-prometheus-stack is pinned and configured as asked', () => {
    const { stack, prometheus } = build({
      replicas: 2, retentionPeriod: Duration.days(15), retentionSizeGiB: 90, storageGiB: 100, storageClassName: 'gp3',
      externalLabels: { cluster: 'prod-eu-1', region: 'eu-west-1' },
      remoteWrite: [RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push', basicAuthSecret: 'mimir-credentials', tenant: 'prod' })],
    });
    const json = synthJson(stack);
    const [release] = releases(json);
    expect(release).toMatchObject({
      chart: 'kube-prometheus-stack', version: '88.5.3', repository: Charts.kubePrometheusStack.repository,
      namespace: 'monitoring', atomic: true, cleanup_on_fail: true, timeout: 900,
    });
    const values = valuesOf(release);
    const spec = values.prometheus.prometheusSpec;
    expect(spec).toMatchObject({
      scrapeInterval: '15s', evaluationInterval: '15s', retention: '15d', retentionSize: '90GiB', replicas: 2, podAntiAffinity: 'hard',
      externalLabels: { cluster: 'prod-eu-1', region: 'eu-west-1' },
      enableFeatures: ['exemplar-storage'], exemplars: { maxSize: 100000 },
      enforcedSampleLimit: 50000, enforcedLabelLimit: 64,
    });
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({ storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } });
    // credentials only as Secret references
    expect(spec.remoteWrite).toEqual([{
      url: 'https://mimir.example.com/api/v1/push', headers: { 'X-Scope-OrgID': 'prod' },
      basicAuth: { username: { name: 'mimir-credentials', key: 'username' }, password: { name: 'mimir-credentials', key: 'password' } },
    }]);
    expect(prometheus.prometheusUrl).toBe('http://kube-prometheus-stack-prometheus.monitoring.svc:9090');
  });

  test('selects monitors and rules from every namespace (the release-label trap) and upgrades CRDs', () => {
    const values = releaseValues(build().prometheus) as any;
    const spec = values.prometheus.prometheusSpec;
    for (const key of ['serviceMonitor', 'podMonitor', 'probe', 'scrapeConfig', 'rule']) {
      expect(spec[`${key}SelectorNilUsesHelmValues`]).toBe(false);
    }
    expect(spec.ruleNamespaceSelector).toEqual({});
    // The upgrade job's hardening and resources are asserted by test/security/safe-defaults.test.ts.
    expect(values.crds).toMatchObject({ enabled: true, upgradeJob: { enabled: true, forceConflicts: true } });
    expect(values.alertmanager.enabled).toBe(false);
    expect(values.grafana).toEqual({ enabled: false, forceDeployDashboards: true, defaultDashboardsEnabled: true });
    expect(values.nodeExporter.enabled).toBe(true);
    expect(values.kubeStateMetrics.enabled).toBe(true);
  });

  test('discovers pods and services by prometheus.io annotations, with limits', () => {
    const spec = (releaseValues(build({ sampleLimit: 1000, labelLimit: 30 }).prometheus) as any).prometheus.prometheusSpec;
    const jobs = spec.additionalScrapeConfigs;
    expect(jobs.map((j: any) => j.job_name)).toEqual(['kubernetes-pods', 'kubernetes-service-endpoints']);
    const pods = jobs[0];
    expect(pods).toMatchObject({ kubernetes_sd_configs: [{ role: 'pod' }], sample_limit: 1000, label_limit: 30 });
    const sources = pods.relabel_configs.map((r: any) => r.source_labels?.join(','));
    expect(sources).toContain('__meta_kubernetes_pod_annotation_prometheus_io_scrape');
    expect(sources).toContain('__meta_kubernetes_pod_annotation_prometheus_io_path');
    expect(sources).toContain('__address__,__meta_kubernetes_pod_annotation_prometheus_io_port');
    expect(releaseValues(build({ annotationDiscovery: false }).prometheus)).toMatchObject({ prometheus: { prometheusSpec: { additionalScrapeConfigs: [] } } });
  });

  test('every Helm value key it sets exists in the pinned chart', () => {
    const defaults = chartDefaults(Charts.kubePrometheusStack);
    if (!defaults) return;
    const { prometheus } = build({
      replicas: 2, storageGiB: 10, retentionSizeGiB: 5, externalLabels: { cluster: 'c' },
      remoteWrite: [RemoteWrite.thanosReceive({ url: 'http://thanos-receive:19291/api/v1/receive', bearerTokenSecret: 'thanos-token' })],
      alertmanager: { namespace: 'monitoring', serviceName: 'alertmanager', portName: 'http', alertmanagerUrl: 'http://alertmanager.monitoring.svc:9093' },
    });
    // The subcharts' own values.yaml (kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1) are not in
    // ../shared; these keys are documented there (resources, pod securityContext, containerSecurityContext).
    const subchartKeys = ['resources', 'securityContext', 'containerSecurityContext'].flatMap((key) => [`kube-state-metrics.${key}`, `prometheus-node-exporter.${key}`]);
    expect(unknownChartKeys(releaseValues(prometheus), defaults, subchartKeys)).toEqual([]);
    // and the checker itself catches a key the chart does not have
    expect(unknownChartKeys({ prometheus: { prometheusSpec: { retentionDays: 3 } } }, defaults)).toEqual(['prometheus.prometheusSpec.retentionDays']);
  });

  test('sends alerts to an Alertmanager through a typed reference', () => {
    const { prometheus } = build();
    prometheus.sendAlertsTo({ namespace: 'monitoring', serviceName: 'alertmanager', portName: 'http', alertmanagerUrl: 'http://alertmanager.monitoring.svc:9093' });
    expect((releaseValues(prometheus) as any).prometheus.prometheusSpec.alertingEndpoints).toEqual([
      { namespace: 'monitoring', name: 'alertmanager', port: 'http', apiVersion: 'v2' },
    ]);
  });

  describe('remote_write HA: the replicas carry the labels their receiver deduplicates on', () => {
    const MIMIR = 'https://mimir.example.com/api/v1/push';
    const specOf = (props: Partial<PrometheusProps>) => valuesOf(releases(synthJson(build(props).stack)).find((r) => r.chart === 'kube-prometheus-stack')!).prometheus.prometheusSpec;

    test('GIVEN Mimir and 2 replicas THEN the synthesized values name __replica__ (per pod) and keep the cluster label for the HA tracker', () => {
      const spec = specOf({ replicas: 2, externalLabels: { cluster: 'prod-eu-1' }, remoteWrite: [RemoteWrite.mimir({ url: MIMIR, tenant: 'prod' })] });
      // the operator sets __replica__ to each pod's name; Mimir keeps one copy per cluster="prod-eu-1"
      expect(spec.replicaExternalLabelName).toBe('__replica__');
      expect(spec.prometheusExternalLabelName).toBe('prometheus');
      expect(spec.externalLabels).toEqual({ cluster: 'prod-eu-1' });
      // not the operator's default, which Mimir does not deduplicate on
      expect(spec.replicaExternalLabelName).not.toBe('prometheus_replica');
    });

    test('GIVEN Mimir labels of its own THEN those are used', () => {
      const spec = specOf({ replicas: 2, externalLabels: { ha_group: 'a' }, remoteWrite: [RemoteWrite.mimir({ url: MIMIR, haLabels: { clusterLabel: 'ha_group', replicaLabel: 'ha_replica' } })] });
      expect(spec.replicaExternalLabelName).toBe('ha_replica');
      expect(spec.externalLabels).toEqual({ ha_group: 'a' });
    });

    test('GIVEN Thanos Receive THEN prometheus_replica (the Querier/compactor replica label), or the one given', () => {
      const receive = 'http://thanos-receive:19291/api/v1/receive';
      expect(specOf({ replicas: 2, remoteWrite: [RemoteWrite.thanosReceive({ url: receive })] }).replicaExternalLabelName).toBe('prometheus_replica');
      expect(specOf({ replicas: 2, remoteWrite: [RemoteWrite.thanosReceive({ url: receive, replicaLabel: 'replica' })] }).replicaExternalLabelName).toBe('replica');
    });

    test('GIVEN a generic receiver or none THEN the operator defaults, written out', () => {
      const generic = RemoteWrite.generic({ url: 'https://metrics.example.com/api/v1/write', bearerTokenSecret: 'metrics-token' });
      const spec = specOf({ replicas: 2, remoteWrite: [generic] });
      expect(spec).toMatchObject({ replicaExternalLabelName: 'prometheus_replica', prometheusExternalLabelName: 'prometheus' });
      expect(spec.remoteWrite).toEqual([{ url: 'https://metrics.example.com/api/v1/write', authorization: { type: 'Bearer', credentials: { name: 'metrics-token', key: 'token' } } }]);
      expect(generic.ha).toBeUndefined();
      expect(specOf({}).replicaExternalLabelName).toBe('prometheus_replica');
    });

    test('GIVEN Mimir with 2 replicas but no cluster external label THEN refused: Mimir would store every series twice', () => {
      const { message } = refusal(() => build({ replicas: 2, remoteWrite: [RemoteWrite.mimir({ url: MIMIR })] }));
      expect(message).toContain('monitoring-test/prometheus: remote_write mimir deduplicates the 2 replicas on the external labels "cluster" and "__replica__"');
      expect(message).toContain('externalLabels: { cluster: "prod-eu-1" }');
      // one replica has nothing to deduplicate
      expect(() => build({ replicas: 1, remoteWrite: [RemoteWrite.mimir({ url: MIMIR })] })).not.toThrow();
    });

    test('GIVEN receivers that deduplicate on different replica labels THEN refused with the fix; aligned THEN accepted', () => {
      const receive = 'http://thanos-receive:19291/api/v1/receive';
      const { message } = refusal(() => build({ replicas: 2, externalLabels: { cluster: 'c' }, remoteWrite: [RemoteWrite.mimir({ url: MIMIR }), RemoteWrite.thanosReceive({ url: receive })] }));
      expect(message).toContain('mimir "__replica__", thanos-receive "prometheus_replica"');
      expect(message).toContain('replicaLabel: "__replica__"');
      const spec = specOf({ replicas: 2, externalLabels: { cluster: 'c' }, remoteWrite: [RemoteWrite.mimir({ url: MIMIR }), RemoteWrite.thanosReceive({ url: receive, replicaLabel: '__replica__' })] });
      expect(spec.replicaExternalLabelName).toBe('__replica__');
    });

    test('the review lists every target: kind, URL without credentials or query, tenant, Secret names, HA labels', () => {
      const { stack } = build({
        replicas: 2, externalLabels: { cluster: 'prod-eu-1' },
        remoteWrite: [
          RemoteWrite.mimir({ url: 'https://mimir.example.com/api/v1/push?api_key=abc123', basicAuthSecret: 'mimir-credentials', tenant: 'prod' }),
          RemoteWrite.generic({ url: 'https://metrics.example.com/write' }),
        ],
      });
      const summary = ReviewArtifacts.of(stack).render().get('summary.md')!;
      const section = summary.slice(summary.indexOf('## Long-term storage (remote_write)'));
      expect(section).toContain('- mimir: https://mimir.example.com/api/v1/push (X-Scope-OrgID: "prod"; basic auth from Secret "mimir-credentials")');
      expect(section).toContain('- generic: https://metrics.example.com/write');
      expect(section).toContain('`__replica__`');
      expect(section).toContain('HA group: `cluster="prod-eu-1"`');
      expect(summary).not.toContain('abc123');
      // without targets the section says so
      expect(ReviewArtifacts.of(build().stack).render().get('summary.md')).toContain('None: metrics are kept in Prometheus only, for 15d.');
    });
  });

  describe('rules', () => {
    test('each pack is one PrometheusRule in its own release that depends on the operator release', () => {
      const { stack, prometheus } = build();
      prometheus.addRules(ServiceHealthRules.forServices({ team: 'platform', selector: { namespace: 'shop' }, runbookBaseUrl: RUNBOOKS }));
      prometheus.addRuleGroup(checkoutGroup());
      const json = synthJson(stack);
      const all = releases(json);
      const ruleReleases = all.filter((r) => r.name.includes('-rules-'));
      const operatorId = Object.entries(json.resource.helm_release as Record<string, any>).find(([, r]) => r.chart === 'kube-prometheus-stack')![0];
      expect(ruleReleases.map((r) => r.name).sort()).toEqual(['kube-prometheus-stack-rules-checkout-business', 'kube-prometheus-stack-rules-service-health']);
      for (const release of ruleReleases) {
        expect(release.depends_on).toEqual([`helm_release.${operatorId}`]);
        expect(release.chart).toMatch(/^assets\/manifests-chart\/[0-9A-F]+$/);
        const [manifest] = valuesOf(release).manifests;
        expect(manifest.kind).toBe('PrometheusRule');
        expect(manifest.metadata.labels.release).toBe('kube-prometheus-stack');
      }
      const checkout = valuesOf(ruleReleases.find((r) => r.name.endsWith('checkout-business'))!).manifests[0];
      expect(checkout.spec.groups[0].name).toBe('checkout.business');
      // Alertmanager templates survive Terraform: escaped only where needed, and unescaped they are verbatim.
      expect(checkout.spec.groups[0].rules[1].annotations.summary).toBe('Orders fail for {{ $labels.service }}');
    });

    test('changing one alert changes one release by a few lines', () => {
      const render = (expr: string) => {
        const { stack, prometheus } = build();
        prometheus.addRules(ServiceHealthRules.forServices({ team: 'platform', runbookBaseUrl: RUNBOOKS }));
        prometheus.addRuleGroup(checkoutGroup(expr));
        return synthJson(stack).resource.helm_release as Record<string, any>;
      };
      const before = render('sum by (service) (rate(orders_failed_total[5m])) > 1');
      const after = render('sum by (service) (rate(orders_failed_total[5m])) > 2');
      const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
      expect(changed).toHaveLength(1);
      const beforeLines = before[changed[0]].values[0].split('\n');
      const afterLines = after[changed[0]].values[0].split('\n');
      expect(beforeLines.filter((line: string, i: number) => line !== afterLines[i])).toHaveLength(1);
    });

    test('review files are valid Prometheus rule files', () => {
      const { stack, prometheus } = build();
      prometheus.addRules(ServiceHealthRules.forServices({ team: 'platform', runbookBaseUrl: RUNBOOKS }));
      prometheus.addRuleGroup(checkoutGroup());
      const files = ReviewArtifacts.of(stack).render();
      expect([...files.keys()]).toEqual(['rules/checkout-business.yaml', 'rules/service-health.yaml', 'summary.md']);
      expect(parse(files.get('rules/checkout-business.yaml')!).groups[0].rules).toHaveLength(2);
      expect(files.get('summary.md')).toMatch(/\| warning \| business \| 1 \| OrdersFailing \|/);
      if (findTool('promtool')) {
        for (const [name, text] of files) {
          if (!name.startsWith('rules/')) continue;
          const result = promtoolCheckRules(text);
          expect([name, result.status, result.output]).toEqual([name, 0, expect.stringContaining('SUCCESS')]);
        }
      }
    });

    test('refuses a pack added twice and duplicate group names, naming the construct', () => {
      const { prometheus } = build();
      prometheus.addRuleGroup(checkoutGroup());
      expect(() => prometheus.addRuleGroup(checkoutGroup())).toThrow(
        'monitoring-test/prometheus: rule pack "checkout-business" is added twice',
      );
      expect(() => prometheus.addRules({ name: 'other', ruleGroups: [checkoutGroup()] })).toThrow(
        /monitoring-test\/prometheus rule packs > RuleGroup "checkout.business": group name "checkout.business" is used twice/,
      );
    });
  });

  test.each<[string, Partial<PrometheusProps>, RegExp]>([
    ['zero replicas', { replicas: 0 }, /monitoring-test\/prometheus: replicas 0 must be a whole number of at least 1/],
    ['retention shorter than the scrape interval', { scrapeInterval: '1m', retentionPeriod: '30s' }, /retentionPeriod "30s" is not longer than the scrape interval "1m"/],
    ['a bad retention', { retentionPeriod: '15 days' as never }, /monitoring-test\/prometheus retentionPeriod: "15 days" is not a Prometheus duration/],
    ['a size cap above the volume', { storageGiB: 100, retentionSizeGiB: 120 }, /retentionSizeGiB 120 must be below storageGiB 100/],
    ['negative storage', { storageGiB: -1 }, /storageGiB -1 must be 0/],
    ['a bad external label', { externalLabels: { 'cluster-name': 'x' } }, /monitoring-test\/prometheus externalLabels > "cluster-name": "cluster-name" is not a valid Prometheus label name/],
    ['a reserved external label', { externalLabels: { __name__: 'x' } }, /"__name__" starts with "__"/],
    ['an empty external label', { externalLabels: { cluster: '' } }, /external label cluster has an empty value/],
    ['credentials in a remote_write URL', { remoteWrite: [RemoteWrite.mimir({ url: 'https://user:secret@mimir.example.com/push' })] }, /remote_write URL "https:\/\/mimir.example.com" carries credentials; put them in an existing Secret/],
    ['a non-http remote_write URL', { remoteWrite: [RemoteWrite.thanosReceive({ url: 'mimir:9009' })] }, /remote_write URL "mimir:9009" is not an http\(s\) URL/],
    ['a bad Secret name', { remoteWrite: [RemoteWrite.mimir({ url: 'https://m/push', basicAuthSecret: 'Mimir Creds' })] }, /monitoring-test\/prometheus: basicAuthSecret "Mimir Creds" is not a valid Kubernetes Secret name \(.*\); name an existing Secret, e\.g\. basicAuthSecret: "remote-write-auth"/],
    ['a bad anti-affinity', { podAntiAffinity: 'strict' as never }, /podAntiAffinity "strict" is not one of soft, hard/],
    ['a request above its limit', { resources: { requests: { cpu: '4', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } }, /monitoring-test\/prometheus resources: CPU request "4" exceeds its limit "2"/],
    ['a bad release name', { releaseName: 'Kube_Prom' }, /releaseName "Kube_Prom" is not allowed/],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
