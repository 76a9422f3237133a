import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { MonitoringNamespace, PodMonitor, Probe, Prometheus, Relabelings, ReviewArtifacts, ScrapeConfig, ServiceMonitor } from '../../../lib';
import { unescapeTerraformTemplate } from '../../../lib/core/terraform-escape';
import { ManifestsRelease } from '../../../lib/core/manifests-release';
import { schemaErrors } from '../../support/kubernetes-schema';
import { expectValidationError } from '../../support/refusal';
import { synthJson } from '../../support/synth';

function setup() {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const namespace = new MonitoringNamespace(stack, 'namespace');
  const prometheus = new Prometheus(stack, 'prometheus', { namespace });
  return { stack, namespace, prometheus };
}

/** The objects a ManifestsRelease delivers, read back from the synthesized Terraform JSON as Helm reads them. */
function delivered(release: ManifestsRelease): { objects: Record<string, any>[]; dependsOn: string[]; name: string; namespace: string } {
  const stack = TerraformStack.of(release);
  const json = synthJson(stack);
  const resource = json.resource.helm_release[stack.getLogicalId(release.release)];
  return {
    objects: parse(unescapeTerraformTemplate(resource.values[0])).manifests,
    dependsOn: resource.depends_on,
    name: resource.name,
    namespace: resource.namespace,
  };
}

const checkout = { matchLabels: { 'app.kubernetes.io/name': 'checkout' } };

describe('ServiceMonitor, PodMonitor, Probe, ScrapeConfig', () => {
  test('GIVEN one of each THEN each is delivered in its own release after the namespace and the Prometheus release, and validates against the pinned CRDs', () => {
    const { stack, namespace, prometheus } = setup();
    const monitors: ManifestsRelease[] = [
      new ServiceMonitor(stack, 'checkout', {
        prometheus, namespace, selector: { ...checkout, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
        namespaceSelector: { matchNames: ['shop'] },
        endpoints: [{
          port: 'http-metrics', interval: '30s', scrapeTimeout: '10s',
          relabelings: [Relabelings.serviceFromKubernetesService(), { action: 'labeldrop', regex: 'pod_template_hash' }],
          metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'go_gc_.*', action: 'drop' }],
        }],
      }),
      new PodMonitor(stack, 'worker', {
        prometheus, namespace, selector: { matchLabels: { app: 'worker' } }, namespaceSelector: { any: true },
        endpoints: [{ port: 'metrics', relabelings: [Relabelings.serviceFromPodLabel('app.kubernetes.io/name'), { sourceLabels: ['__address__'], targetLabel: '__tmp_hash', modulus: 4, action: 'hashmod' }] }],
      }),
      new Probe(stack, 'storefront', {
        prometheus, namespace, proberAddress: 'blackbox-exporter.monitoring.svc:9115', module: 'http_2xx',
        targets: ['https://shop.example.com/healthz'], labels: { service: 'storefront' }, interval: '1m',
      }),
      new ScrapeConfig(stack, 'database', {
        prometheus, namespace, staticConfigs: [{ targets: ['db.example.com:9187'], labels: { service: 'orders-db' } }],
        scrapeInterval: '1m', scrapeTimeout: '20s',
      }),
    ];
    const names = new Set<string>();
    for (const monitor of monitors) {
      const { objects, dependsOn, name } = delivered(monitor);
      names.add(name);
      expect(objects).toHaveLength(1);
      expect(schemaErrors(objects[0])).toEqual([]);
      expect(objects[0].metadata.labels.release).toBe(prometheus.releaseName);
      expect(dependsOn).toEqual([`kubernetes_namespace.${stack.getLogicalId(namespace.node.findChild('namespace') as any)}`, `helm_release.${stack.getLogicalId(prometheus.release)}`]);
    }
    expect([...names].sort()).toEqual(['kube-prometheus-stack-pm-worker', 'kube-prometheus-stack-probe-storefront', 'kube-prometheus-stack-sc-database', 'kube-prometheus-stack-sm-checkout']);
  });

  test('GIVEN a ServiceMonitor THEN its spec is exactly the typed props, with defaults written out', () => {
    const { stack, prometheus } = setup();
    const monitor = new ServiceMonitor(stack, 'checkout', { prometheus, namespace: 'shop', selector: checkout, endpoints: [{ port: 'http' }] });
    const { objects, namespace } = delivered(monitor);
    expect(namespace).toBe('shop');
    expect(objects[0]).toEqual({
      apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor',
      metadata: { name: 'checkout', namespace: 'shop', labels: { release: 'kube-prometheus-stack', 'app.kubernetes.io/part-of': 'monitoring' } },
      spec: { selector: checkout, endpoints: [{ port: 'http', path: '/metrics', scheme: 'http' }] },
    });
  });

  test('GIVEN the kube-prometheus-stack values THEN Prometheus selects monitors of any label in any namespace', () => {
    const { prometheus } = setup();
    const spec = (parse(unescapeTerraformTemplate(synthJson(TerraformStack.of(prometheus)).resource.helm_release[TerraformStack.of(prometheus).getLogicalId(prometheus.release)].values[0])) as any).prometheus.prometheusSpec;
    for (const kind of ['serviceMonitor', 'podMonitor', 'probe', 'scrapeConfig']) {
      expect(spec[`${kind}SelectorNilUsesHelmValues`]).toBe(false);
      // Left to the chart, whose default {} is every namespace.
      expect(spec[`${kind}NamespaceSelector`] ?? {}).toEqual({});
      expect(spec[`${kind}Selector`] ?? {}).toEqual({});
    }
  });
});

describe('refusals name the construct path, the value and the fix', () => {
  const monitor = (overrides: Record<string, unknown>) => {
    const { stack, prometheus } = setup();
    return () => new ServiceMonitor(stack, 'checkout', { prometheus, namespace: 'shop', selector: checkout, endpoints: [{ port: 'http-metrics' }], ...overrides } as never);
  };
  const endpointWith = (endpoint: Record<string, unknown>) => monitor({ endpoints: [{ port: 'http-metrics', ...endpoint }] });
  const PATH = 'monitoring-test/checkout';

  test.each([
    ['label key with a space', { selector: { matchLabels: { 'app name': 'checkout' } } }, ['"app name"', 'label key', 'app.kubernetes.io/name']],
    ['label value too long', { selector: { matchLabels: { app: 'x'.repeat(64) } } }, ['label value', 'up to 63']],
    ['empty selector', { selector: {} }, ['selector {}', 'every object', 'matchLabels']],
    ['In without values', { selector: { matchExpressions: [{ key: 'tier', operator: 'In' }] } }, ['matchExpressions[0]', 'no values']],
    ['unknown operator', { selector: { matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['web'] }] } }, ['"Equals"', '"In", "NotIn"']],
    ['namespaceSelector any and names', { namespaceSelector: { any: true, matchNames: ['shop'] } }, ['both any and matchNames', 'keep one']],
    ['namespaceSelector bad name', { namespaceSelector: { matchNames: ['Shop'] } }, ['"Shop"', 'namespace name']],
    ['no endpoints', { endpoints: [] }, ['endpoints []', 'at least one endpoint']],
  ])('%s', (_name, overrides, parts) => {
    expectValidationError(monitor(overrides), PATH, ...(parts as string[]));
  });

  test.each([
    ['port as a number', { port: 8080 }, ['endpoints[0].port 8080', 'port name', '"http-metrics"']],
    // A Service port name (what a ServiceMonitor names) is a DNS-1123 label: up to 63 characters.
    ['port name too long', { port: `http-${'x'.repeat(59)}` }, [`"http-${'x'.repeat(59)}"`, 'at most 63']],
    ['port name with two dashes', { port: 'http--metrics' }, ['"http--metrics"']],
    ['timeout longer than interval', { interval: '15s', scrapeTimeout: '30s' }, ['scrapeTimeout "30s"', 'interval "15s"', 'at most 15s']],
    ['timeout longer than the Prometheus interval', { scrapeTimeout: '1m' }, ['scrapeTimeout "1m"', 'scrape interval of Prometheus "15s"', 'at most 15s']],
    ['interval not a duration', { interval: '30 seconds' }, ['interval', '"30 seconds"', 'e.g. "30s"']],
    ['bad regex', { relabelings: [{ sourceLabels: ['__name__'], regex: '(?=go_).*', action: 'drop' }] }, ['relabelings[0].regex "(?=go_).*"', 'not supported by RE2']],
    ['unknown action', { relabelings: [{ sourceLabels: ['__name__'], action: 'delete' }] }, ['relabelings[0].action "delete"', '"labeldrop"']],
    ['action in operator case', { relabelings: [{ sourceLabels: ['__name__'], action: 'Drop' }] }, ['"Drop"', '"drop"']],
    ['replace without target', { relabelings: [{ sourceLabels: ['__meta_kubernetes_service_name'] }] }, ['relabelings[0] (action "replace") has no targetLabel']],
    ['bad target label', { relabelings: [{ sourceLabels: ['a'], targetLabel: 'service-name' }] }, ['"service-name"', 'label name']],
    ['bad source label', { metricRelabelings: [{ sourceLabels: ['app.kubernetes.io/name'], action: 'keep' }] }, ['metricRelabelings[0].sourceLabels', '"app.kubernetes.io/name"']],
    ['hashmod without modulus', { relabelings: [{ sourceLabels: ['__address__'], targetLabel: 'shard', action: 'hashmod' }] }, ['hashmod', 'modulus']],
    ['path without slash', { path: 'metrics' }, ['"metrics"', '"/metrics"']],
  ])('endpoint: %s', (_name, endpoint, parts) => {
    expectValidationError(endpointWith(endpoint), PATH, ...(parts as string[]));
  });

  test('an endpoint without interval is compared with the Prometheus scrape interval (15s by default)', () => {
    expect(setup().prometheus.scrapeInterval.toPrometheus()).toBe('15s');
    expect(endpointWith({ scrapeTimeout: '15s' })).not.toThrow();
  });
});

// Prometheus's `replace` relabel action, as its documentation describes it (configuration.md, <relabel_config>):
// the values of source_labels joined by `separator` (";") are matched against `regex` (default "(.*)",
// anchored at both ends); when it matches, target_label is set to `replacement` (default "$1") with the
// groups expanded; when it does not, nothing changes. (An empty result removes the label: relabel.go.)
function relabelReplace(labels: Record<string, string>, config: { sourceLabels?: readonly string[]; separator?: string; targetLabel?: string; regex?: string; replacement?: string; action?: string }): Record<string, string> {
  expect(config.action ?? 'replace').toBe('replace');
  const value = (config.sourceLabels ?? []).map((name) => labels[name] ?? '').join(config.separator ?? ';');
  const match = new RegExp(`^(?:${config.regex ?? '(.*)'})$`).exec(value);
  if (!match) return labels;
  const result = (config.replacement ?? '$1').replace(/\$\{?(\w+)\}?/g, (_m, group: string) => match[Number(group)] ?? '');
  const out = { ...labels };
  if (result === '') delete out[config.targetLabel!];
  else out[config.targetLabel!] = result;
  return out;
}

describe('the `service` label relabelings', () => {
  test('GIVEN a target of Service "checkout" THEN serviceFromKubernetesService sets service="checkout"', () => {
    const config = Relabelings.serviceFromKubernetesService();
    expect(config).toEqual({ sourceLabels: ['__meta_kubernetes_service_name'], targetLabel: 'service', action: 'replace' });
    expect(relabelReplace({ __meta_kubernetes_service_name: 'checkout', __address__: '10.0.0.1:8080' }, config)).toMatchObject({ service: 'checkout' });
  });

  test('GIVEN pods with and without the app.kubernetes.io/name label THEN serviceFromPodLabel sets service only where it is present', () => {
    const config = Relabelings.serviceFromPodLabel('app.kubernetes.io/name');
    expect(config.sourceLabels).toEqual(['__meta_kubernetes_pod_label_app_kubernetes_io_name']);
    expect(relabelReplace({ __meta_kubernetes_pod_label_app_kubernetes_io_name: 'worker' }, config)).toEqual({ __meta_kubernetes_pod_label_app_kubernetes_io_name: 'worker', service: 'worker' });
    expect(relabelReplace({ __meta_kubernetes_pod_name: 'worker-0' }, config)).toEqual({ __meta_kubernetes_pod_name: 'worker-0' });
    // A pre-existing `service` (e.g. set earlier in the list) is kept when the pod lacks the label.
    expect(relabelReplace({ service: 'legacy' }, config)).toEqual({ service: 'legacy' });
  });

  test('GIVEN a bad pod label key THEN it is refused', () => {
    expectValidationError(() => Relabelings.serviceFromPodLabel('app name'), 'Relabelings.serviceFromPodLabel', '"app name"');
  });
});

describe('every scrape object is in the review', () => {
  test('GIVEN monitors and a probe made by hand THEN summary.md lists each with what it scrapes; without any, no section', () => {
    const { stack, prometheus } = setup();
    new ServiceMonitor(stack, 'checkout', { prometheus, namespace: 'shop', selector: checkout, endpoints: [{ port: 'http-metrics' }] });
    new PodMonitor(stack, 'worker', { prometheus, namespace: 'shop', selector: { matchLabels: { app: 'worker' } }, endpoints: [{ port: 'metrics' }] });
    new Probe(stack, 'storefront', { prometheus, namespace: 'monitoring', proberAddress: 'blackbox-exporter.monitoring.svc:9115', module: 'http_2xx', targets: ['https://shop.example.com/healthz'] });
    const summary = ReviewArtifacts.of(stack).render().get('summary.md')!;
    const section = summary.slice(summary.indexOf('## Scrape objects'));
    expect(section).toContain('3 objects tell Prometheus what to scrape');
    expect(section).toContain('| ServiceMonitor | shop/checkout | Services (app.kubernetes.io/name=checkout) in shop, ports http-metrics |');
    expect(section).toContain('| PodMonitor | shop/worker | pods (app=worker) in shop, ports metrics |');
    expect(section).toContain('| Probe | monitoring/storefront | https://shop.example.com/healthz through blackbox-exporter.monitoring.svc:9115 (module http_2xx) |');

    const bare = setup();
    expect(ReviewArtifacts.of(bare.stack).render().get('summary.md')).not.toContain('## Scrape objects');
  });
});
