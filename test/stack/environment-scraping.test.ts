import { Testing } from 'cdktf';
import { BlackboxModule, EnvironmentConfig, MonitoringStack, Relabelings, ReviewArtifacts } from '../../lib';
import { BLACKBOX_EXPORTER_PORT } from '../../lib/blackbox-exporter/blackbox-exporter';
import { schemaErrors } from '../support/kubernetes-schema';
import { selects, serviceSelects } from '../support/label-selectors';
import { policiesOf, reachable } from '../support/network-policies';
import { podTemplates } from '../support/pod-templates';
import { expectValidationError } from '../support/refusal';
import { renderedExampleReleases } from '../support/rendered-releases';
import { synthJson, synthesizedExampleStacks } from '../support/synth';

/*
 * Issue 19: an environment's `services` are scraped by default (a ServiceMonitor setting `service`), and
 * its `probes` run through a blackbox exporter the stack creates, which the stack's NetworkPolicies let
 * Prometheus (and only Prometheus) reach. The relabeling itself is run through Prometheus in
 * test/prometheus/service-label.test.ts; this file checks the wiring, the objects against the pinned
 * CRDs, and the policies against the real render of the prod example.
 */

type Obj = Record<string, any>;
const base: EnvironmentConfig = { name: 'qa', clusterName: 'qa-eu-1', region: 'eu-west-1' };
const stackOf = (overrides: Partial<EnvironmentConfig> = {}) => new MonitoringStack(Testing.app(), { ...base, ...overrides });

describe('services: a ServiceMonitor each, by default', () => {
  test('GIVEN a service entry THEN a ServiceMonitor in the stack\'s namespace selects its Service in its namespace and sets `service`', () => {
    const stack = stackOf({ services: [{ service: 'checkout', namespace: 'shop' }] });
    expect(stack.serviceMonitors.map((m) => m.manifest)).toEqual([{
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'svc-checkout', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack', 'app.kubernetes.io/part-of': 'monitoring' } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } },
        namespaceSelector: { matchNames: ['shop'] },
        endpoints: [{
          port: 'http-metrics', path: '/metrics', scheme: 'http',
          relabelings: [
            // targets annotation discovery scrapes already are left to it (no series stored twice)
            { sourceLabels: ['__meta_kubernetes_service_annotation_prometheus_io_scrape'], regex: 'true', action: 'drop' },
            { sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'drop' },
            { targetLabel: 'service', replacement: 'checkout', action: 'replace' },
          ],
        }],
      },
    }]);
    // delivered as its own release after kube-prometheus-stack (which installs the CRD)
    const releases = Object.values(synthJson(stack).resource.helm_release as Record<string, Obj>);
    const release = releases.find((r) => r.name === 'kube-prometheus-stack-sm-svc-checkout')!;
    expect(release).toBeDefined();
    expect(JSON.stringify(release.depends_on)).toContain('prometheus');
  });

  test('GIVEN scrape options THEN they reach the endpoint; GIVEN scrape: false THEN no monitor', () => {
    const stack = stackOf({
      services: [
        { service: 'checkout', namespace: 'shop', scrape: { matchLabels: { app: 'checkout-api' }, port: 'metrics', path: '/internal/metrics', interval: '30s' } },
        { service: 'legacy', namespace: 'shop', scrape: false },
      ],
    });
    expect(stack.serviceMonitors).toHaveLength(1);
    const spec = stack.serviceMonitors[0].manifest.spec as Obj;
    expect(spec.selector).toEqual({ matchLabels: { app: 'checkout-api' } });
    expect(spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/internal/metrics', interval: '30s' });
    // the dashboards are still built for both
    expect(stack.environment.services.map((s) => s.service)).toEqual(['checkout', 'legacy']);
  });

  test('GIVEN Prometheus off THEN no monitors (nothing would read them)', () => {
    expect(stackOf({ services: [{ service: 'checkout', namespace: 'shop' }], components: { prometheus: false } }).serviceMonitors).toEqual([]);
  });

  test('bad scrape options are refused with the environment\'s or the monitor\'s path', () => {
    expectValidationError(() => stackOf({ services: [{ service: 'checkout', namespace: 'shop', scrape: 'yes' as any }] }), 'environment "qa"', 'services[0].scrape "yes"', 'scrape: false');
    expectValidationError(() => stackOf({ services: [{ service: 'checkout', namespace: 'shop', scrape: { port: '8080' } }] }), 'service-monitor-svc-checkout', 'endpoints[0].port "8080"');
    expectValidationError(() => stackOf({ services: [{ service: 'checkout', namespace: 'shop', scrape: { path: 'metrics' } }] }), 'service-monitor-svc-checkout', 'endpoints[0].path');
    expectValidationError(() => stackOf({ services: [{ service: 'checkout', namespace: 'shop', scrape: { matchLabels: {} } }] }), 'service-monitor-svc-checkout', 'is empty and would select every object');
  });
});

describe('probes: a blackbox exporter and a Probe each', () => {
  test('GIVEN probes THEN one exporter, a Probe per entry through it, its probe_* series labelled with the entry\'s service (not its `up`)', () => {
    const stack = stackOf({ probes: [{ name: 'storefront', targets: ['https://shop.example.com/healthz'], service: 'storefront', interval: '1m' }] });
    expect(stack.blackboxExporter).toBeDefined();
    expect(stack.probes.map((p) => p.manifest.spec)).toEqual([{
      jobName: 'storefront',
      prober: { url: stack.blackboxExporter!.proberAddress },
      module: 'http_2xx',
      interval: '1m',
      targets: { staticConfig: { static: ['https://shop.example.com/healthz'] } },
      // metric relabeling: on the probe's own series, not on `up` (0 when the exporter is unreachable)
      metricRelabelings: [{ targetLabel: 'service', replacement: 'storefront', action: 'replace' }],
    }]);
    // without a service, no relabeling
    expect(stackOf({ probes: [{ name: 'a', targets: ['https://x.example.com'] }] }).probes[0].manifest.spec).not.toHaveProperty('metricRelabelings');
    // no probes, no exporter
    expect(stackOf().blackboxExporter).toBeUndefined();
  });

  test('GIVEN a module of the exporter THEN probes may use it; one it lacks is refused', () => {
    const modules = [BlackboxModule.http2xx(), BlackboxModule.tcpConnect({ tls: true })];
    const stack = stackOf({ blackboxExporter: { modules }, probes: [{ name: 'db-tls', targets: ['db.example.com:5432'], module: 'tcp_connect' }] });
    expect(stack.probes[0].manifest.spec).toMatchObject({ module: 'tcp_connect' });
    expectValidationError(() => stackOf({ probes: [{ name: 'db', targets: ['db.example.com:5432'], module: 'tcp_connect' }] }), 'probe-db', 'module "tcp_connect" is not a module', '"http_2xx"');
  });

  test('bad probes are refused naming the environment', () => {
    expectValidationError(() => stackOf({ probes: [{ name: 'Public', targets: ['https://x.example.com'] }] }), 'environment "qa"', 'probes[0].name "Public"');
    expectValidationError(() => stackOf({ probes: [{ name: 'a', targets: ['https://x.example.com'] }, { name: 'a', targets: ['https://y.example.com'] }] }), 'probes[1].name "a" is given twice');
    expectValidationError(() => stackOf({ probes: [{ name: 'a', targets: [] }] }), 'probes[0].targets', 'at least one');
    expectValidationError(() => stackOf({ probes: [{ name: 'a', targets: ['https://x.example.com'], service: 'a b' }] }), 'probes[0].service "a b"');
    expectValidationError(() => stackOf({ probes: [{ name: 'a', targets: ['https://x.example.com'] }], components: { prometheus: false } }), 'components.prometheus is off');
  });
});

describe('monitors: ServiceMonitors and PodMonitors of your own', () => {
  test('GIVEN a PodMonitor and a ServiceMonitor THEN both are made with the stack\'s Prometheus, in the given namespace or the stack\'s', () => {
    const stack = stackOf({
      monitors: [
        { kind: 'PodMonitor', name: 'worker', namespace: 'shop', selector: { matchLabels: { app: 'worker' } }, endpoints: [{ port: 'metrics', relabelings: [Relabelings.serviceFromPodLabel('app')] }] },
        { kind: 'ServiceMonitor', name: 'billing', selector: { matchLabels: { app: 'billing' } }, namespaceSelector: { matchNames: ['billing'] }, endpoints: [{ port: 'http-metrics' }] },
      ],
    });
    expect(stack.monitors.map((m) => [m.manifest.kind, (m.manifest.metadata as Obj).name, (m.manifest.metadata as Obj).namespace])).toEqual([
      ['PodMonitor', 'worker', 'shop'],
      ['ServiceMonitor', 'billing', 'monitoring'],
    ]);
    expect((stack.monitors[0].manifest.spec as Obj).podMetricsEndpoints[0].relabelings).toEqual([
      { sourceLabels: ['__meta_kubernetes_pod_label_app'], targetLabel: 'service', regex: '(.+)', replacement: '$1', action: 'replace' },
    ]);
    for (const monitor of stack.monitors) expect(schemaErrors(monitor.manifest)).toEqual([]);
    expect(ReviewArtifacts.of(stack).render().get('summary.md')).toContain('- monitors of the environment: PodMonitor worker (namespace shop); ServiceMonitor billing (namespace monitoring)');
  });

  test('bad monitors are refused: kind, name, a name taken by a service\'s ServiceMonitor, no Prometheus, a bad endpoint', () => {
    const selector = { matchLabels: { app: 'x' } };
    expectValidationError(() => stackOf({ monitors: [{ kind: 'Probe' as any, name: 'x', selector, endpoints: [{ port: 'metrics' }] }] }), 'environment "qa"', 'monitors[0].kind "Probe"', '`probes`');
    expectValidationError(() => stackOf({ monitors: [{ kind: 'PodMonitor', name: 'X', selector, endpoints: [{ port: 'metrics' }] }] }), 'monitors[0].name "X"');
    expectValidationError(() => stackOf({ services: [{ service: 'checkout', namespace: 'shop' }], monitors: [{ kind: 'ServiceMonitor', name: 'svc-checkout', selector, endpoints: [{ port: 'metrics' }] }] }), 'monitors[0].name "svc-checkout" is already the ServiceMonitor of services entry "checkout"');
    // a PodMonitor may share the name: another kind, another release
    expect(stackOf({ services: [{ service: 'checkout', namespace: 'shop' }], monitors: [{ kind: 'PodMonitor', name: 'svc-checkout', selector, endpoints: [{ port: 'metrics' }] }] }).monitors).toHaveLength(1);
    expectValidationError(() => stackOf({ components: { prometheus: false }, monitors: [{ kind: 'PodMonitor', name: 'x', selector, endpoints: [{ port: 'metrics' }] }] }), 'monitors are given but components.prometheus is off');
    expectValidationError(() => stackOf({ monitors: [{ kind: 'PodMonitor', name: 'x', selector, endpoints: [] }] }), 'monitoring-qa/pod-monitor-x', 'at least one endpoint');
  });
});

describe('the example environments', () => {
  const stacks = synthesizedExampleStacks();
  const prod = stacks.find((s) => s.stack.environment.name === 'prod')!;

  test('prod probes its public endpoints (Grafana, the api-gateway) for CertificateExpiringSoon', () => {
    const targets = prod.stack.probes.flatMap((p) => (p.manifest.spec as Obj).targets.staticConfig.static);
    expect(targets).toEqual(expect.arrayContaining(['https://grafana.example.com/api/health', 'https://api.example.com']));
    expect(prod.stack.blackboxExporter).toBeDefined();
    const rules = JSON.stringify(prod.json);
    expect(rules).toContain('CertificateExpiringSoon');
  });

  test('the review summary names the scraped services and the probes', () => {
    const summary = ReviewArtifacts.of(prod.stack).render().get('summary.md')!;
    expect(summary).toContain('- services scraped by ServiceMonitor, label service set: api-gateway (namespace mindweave-services, port http-metrics); usage-tracker (namespace mindweave-services, port http-metrics)');
    expect(summary).toContain('- probes (blackbox exporter): grafana: https://grafana.example.com/api/health; api-gateway: https://api.example.com');
    expect(ReviewArtifacts.of(stackOf()).render().get('summary.md')).not.toContain('probes (blackbox exporter)');
  });

  test('every environment scrapes its services with a ServiceMonitor setting `service`', () => {
    for (const { stack } of stacks) {
      const monitored = stack.serviceMonitors.map((m) => ((m.manifest.spec as Obj).endpoints[0].relabelings as Obj[]).find((r) => r.targetLabel === 'service')?.replacement);
      expect(monitored).toEqual(stack.environment.services.filter((s) => s.scrape !== false).map((s) => s.service));
      expect(monitored.length).toBeGreaterThan(0);
    }
  });

  test('the scrape objects validate against the CRD schemas of the pinned kube-prometheus-stack chart', () => {
    for (const { stack } of stacks) {
      for (const object of [...stack.serviceMonitors, ...stack.probes].map((o) => o.manifest)) {
        expect([object.kind, (object.metadata as Obj).name, schemaErrors(object)]).toEqual([object.kind, (object.metadata as Obj).name, []]);
      }
    }
    // the check is real: a Probe whose interval is a number, not a duration string, is refused by the CRD
    const broken = { ...prod.stack.probes[0].manifest, spec: { ...(prod.stack.probes[0].manifest.spec as Obj), interval: 60 } };
    expect(schemaErrors(broken).length).toBeGreaterThan(0);
  });

  const rendered = renderedExampleReleases();
  (rendered ? test : test.skip)('prod\'s real render: the exporter\'s Service selects its pod on 9115, and the NetworkPolicies let Prometheus in and nobody else', () => {
    const releases = rendered!.filter((r) => r.stack === 'monitoring-prod');
    const pods = releases.flatMap((r) => podTemplates(r));
    const exporter = releases.find((r) => r.chart === 'prometheus-blackbox-exporter')!;
    expect(exporter).toBeDefined();
    const exporterPod = podTemplates(exporter)[0];
    const service = exporter.objects.find((o) => o.kind === 'Service' && o.metadata.name === prod.stack.blackboxExporter!.serviceName)!;
    expect(serviceSelects(service.spec.selector, exporterPod.labels)).toBe(true);
    expect(service.spec.ports.map((p: Obj) => p.port)).toContain(BLACKBOX_EXPORTER_PORT);
    // the Probe's prober address is that Service
    expect(prod.stack.blackboxExporter!.proberAddress).toBe(`${service.metadata.name}.monitoring.svc:${BLACKBOX_EXPORTER_PORT}`);

    const prometheusPod = pods.find((p) => p.owner.startsWith('Prometheus/'))!;
    expect(prometheusPod).toBeDefined();
    const grafanaPod = pods.find((p) => p.owner === 'Deployment/grafana')!;
    const policies = policiesOf(prod.json);
    const target = { namespace: 'monitoring', labels: exporterPod.labels };
    expect(policies.some((p) => selects(p.spec.pod_selector, exporterPod.labels) && p.metadata.name !== 'default-deny-ingress')).toBe(true);
    expect(reachable(policies, target, { namespace: 'monitoring', labels: prometheusPod.labels }, BLACKBOX_EXPORTER_PORT)).toBe(true);
    expect(reachable(policies, target, { namespace: 'monitoring', labels: grafanaPod.labels }, BLACKBOX_EXPORTER_PORT)).toBe(false);
    expect(reachable(policies, target, { namespace: 'shop', labels: { app: 'checkout' } }, BLACKBOX_EXPORTER_PORT)).toBe(false);
    expect(reachable(policies, target, 'outside the pod network', BLACKBOX_EXPORTER_PORT)).toBe(false);
  });
});
