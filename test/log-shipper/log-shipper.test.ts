import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, Prometheus, ReviewArtifacts } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { LogShipper, LogShipperProps } from '../../lib/log-shipper';
import { HIGH_CARDINALITY_FIELDS } from '../../lib/log-shipper/fluent-bit-pipeline';
import { Loki, LokiTenancy } from '../../lib/loki';
import { chartDefaults, unknownChartKeys } from '../support/chart-values';
import { synthJson, releaseValues } from '../support/synth';
import { entry, parseFluentBitSections } from './fluent-bit-sections';

function build(props: Partial<LogShipperProps> = {}, tenancy = LokiTenancy.singleTenant()) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy });
  const shipper = new LogShipper(stack, 'log-shipper', { namespace: 'monitoring', loki, ...props });
  return { stack, loki, shipper };
}

function shipperRelease(json: Record<string, any>): Record<string, any> {
  return Object.values(json.resource.helm_release as Record<string, any>).find((r) => r.chart === 'fluent-bit')!;
}

function config(values: Record<string, any>) {
  return parseFluentBitSections([values.config.service, values.config.inputs, values.config.filters, values.config.outputs].join('\n'));
}

/** `a=b, c=d` → { a: 'b', c: 'd' } */
function pairs(text: string | undefined): Record<string, string> {
  return Object.fromEntries((text ?? '').split(',').map((pair) => pair.trim().split('=') as [string, string]));
}

describe('LogShipper', () => {
  test('GIVEN a Loki THEN Fluent Bit tails CRI logs, adds Kubernetes metadata, parses JSON and pushes to the typed push target', () => {
    const { stack, loki } = build({ staticLabels: { cluster: 'dev-1' } });
    const json = synthJson(stack);
    const release = shipperRelease(json);
    expect(release).toMatchObject({ chart: 'fluent-bit', version: '0.58.1', repository: Charts.fluentBit.repository, namespace: 'monitoring', atomic: true });
    const values = parse(unescapeTerraformTemplate(release.values[0]));
    expect(values.kind).toBe('DaemonSet');
    const sections = config(values);
    expect(sections.map((s) => s.name)).toEqual(['SERVICE', 'INPUT', 'FILTER', 'OUTPUT']);
    const [, input, filter, output] = sections;
    expect([entry(input, 'Name'), entry(input, 'Path'), entry(input, 'multiline.parser'), entry(input, 'Tag')]).toEqual(['tail', '/var/log/containers/*.log', 'cri', 'kube.*']);
    expect([entry(filter, 'Name'), entry(filter, 'Match'), entry(filter, 'Merge_Log'), entry(filter, 'Keep_Log')]).toEqual(['kubernetes', 'kube.*', 'On', 'Off']);
    // the output is wired from Loki's typed attributes, not a copied string
    expect(entry(output, 'Name')).toBe('loki');
    expect([entry(output, 'Host'), entry(output, 'Port'), entry(output, 'Uri')]).toEqual([loki.pushHost, String(loki.pushPort), loki.pushPath]);
    expect(`http://${entry(output, 'Host')}:${entry(output, 'Port')}${entry(output, 'Uri')}`).toBe(loki.lokiPushUrl);
    expect(entry(output, 'Tenant_ID')).toBeUndefined();
    expect(entry(output, 'Line_Format')).toBe('json');
    expect(entry(output, 'Auto_Kubernetes_Labels')).toBe('Off');
  });

  test('labels are low-cardinality: namespace, app, container, level (+job and static ones); trace ids only as structured metadata', () => {
    const values = releaseValues(build({ staticLabels: { cluster: 'dev-1' } }).shipper) as any;
    const output = config(values).find((s) => s.name === 'OUTPUT')!;
    const labels = pairs(entry(output, 'Labels'));
    expect(Object.keys(labels)).toEqual(['job', 'cluster', 'namespace', 'app', 'container', 'level']);
    expect(labels).toEqual({
      job: 'fluent-bit', cluster: 'dev-1', namespace: "$kubernetes['namespace_name']", app: "$kubernetes['labels']['app']",
      container: "$kubernetes['container_name']", level: '$level',
    });
    for (const field of HIGH_CARDINALITY_FIELDS) expect(entry(output, 'Labels')).not.toContain(field);
    const metadata = pairs(entry(output, 'Structured_Metadata'));
    expect(metadata).toMatchObject({ trace_id: '$trace_id', correlation_id: '$correlation_id', pod: "$kubernetes['pod_name']" });
  });

  test('multi-tenant Loki: pushes with the tenant', () => {
    const values = releaseValues(build({}, LokiTenancy.multiTenant('platform')).shipper) as any;
    expect(entry(config(values).find((s) => s.name === 'OUTPUT')!, 'Tenant_ID')).toBe('platform');
  });

  test('Datadog: key only from the Secret, and ${DD_API_KEY} reaches Fluent Bit literally through Terraform', () => {
    const { stack } = build({ datadog: { apiKeySecret: 'datadog-keys', site: 'datadoghq.eu', tags: { env: 'prod', cluster: 'prod-eu-1' } } });
    const release = shipperRelease(synthJson(stack));
    // in Terraform JSON escaped (Terraform would otherwise interpolate it) ...
    expect(release.values[0]).toMatch(/apikey +\$\$\{DD_API_KEY\}/);
    expect(release.values[0]).not.toMatch(/[^$]\$\{DD_API_KEY\}/);
    // ... and what Helm receives holds the literal reference that Fluent Bit expands from the env
    const values = parse(unescapeTerraformTemplate(release.values[0]));
    const outputs = config(values).filter((s) => s.name === 'OUTPUT');
    expect(outputs.map((o) => entry(o, 'Name'))).toEqual(['loki', 'datadog']);
    const datadog = outputs[1];
    expect([entry(datadog, 'Host'), entry(datadog, 'apikey'), entry(datadog, 'TLS'), entry(datadog, 'dd_tags')]).toEqual(['http-intake.logs.datadoghq.eu', '${DD_API_KEY}', 'On', 'cluster:prod-eu-1,env:prod']);
    expect(values.env).toEqual([{ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: 'datadog-keys', key: 'api-key' } } }]);
  });

  test('security context, resources; scraped by the chart\'s ServiceMonitor with a stable job, not by prometheus.io annotations', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
    const shipper = new LogShipper(stack, 'log-shipper', { namespace: 'monitoring', loki, releaseName: 'logs' })
      .scrapedBy(new Prometheus(stack, 'prometheus', { namespace: 'monitoring' }));
    const values = releaseValues(shipper) as any;
    expect(values.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(values.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(values.podAnnotations).toBeUndefined();
    expect(values.serviceMonitor).toEqual({
      enabled: true,
      relabelings: [
        { action: 'replace', targetLabel: 'job', replacement: 'monitoring/logs' },
        { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' },
      ],
    });
    expect(values.testFramework).toEqual({ enabled: false });
    // not scraped (no scrapedBy): no ServiceMonitor, whose job nothing would select
    expect((releaseValues(build().shipper) as any).serviceMonitor).toEqual({ enabled: false });
  });

  test('GIVEN scrapedBy(prometheus) THEN the release waits for it (its CRDs), so the chart renders the ServiceMonitor on the first apply', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-test');
    const loki = new Loki(stack, 'loki', { namespace: 'monitoring', tenancy: LokiTenancy.singleTenant() });
    const prometheus = new Prometheus(stack, 'prometheus', { namespace: 'monitoring' });
    new LogShipper(stack, 'log-shipper', { namespace: 'monitoring', loki }).scrapedBy(prometheus);
    const release = shipperRelease(synthJson(stack));
    expect(release.depends_on).toEqual([`helm_release.${stack.getLogicalId(prometheus.release)}`]);
    const without = shipperRelease(synthJson(build().stack));
    expect(without.depends_on).toBeUndefined();
  });

  test('every Helm value key it sets exists in the pinned chart', () => {
    const defaults = chartDefaults(Charts.fluentBit);
    if (!defaults) return;
    const { shipper } = build({ datadog: { apiKeySecret: 'datadog-keys' }, staticLabels: { cluster: 'c' } });
    // serviceMonitor.relabelings is documented only in a comment of values.yaml and read by
    // templates/servicemonitor.yaml (the render test in elasticsearch-output.test.ts shows it applied)
    expect(unknownChartKeys(releaseValues(shipper), defaults, ['serviceMonitor.relabelings'])).toEqual([]);
    expect(unknownChartKeys({ config: { output: '' } }, defaults)).toEqual(['config.output']);
  });

  test('the review artifacts hold the rendered Fluent Bit config', () => {
    const { stack } = build();
    const file = ReviewArtifacts.of(stack).render().get('log-shipper/fluent-bit.conf')!;
    expect(parseFluentBitSections(file).map((s) => s.name)).toEqual(['SERVICE', 'INPUT', 'FILTER', 'OUTPUT']);
  });

  test.each<[string, Partial<LogShipperProps>, RegExp]>([
    ['a trace id as a label', { staticLabels: { trace_id: 'x' } }, /monitoring-test\/log-shipper: static label "trace_id" names a high-cardinality field that must stay out of labels/],
    ['a label the shipper sets', { staticLabels: { namespace: 'x' } }, /static label "namespace" is set by the shipper itself; choose another name/],
    ['a bad label name', { staticLabels: { 'cluster-name': 'x' } }, /static label "cluster-name" is not a valid Loki label name/],
    ['an unsafe label value', { staticLabels: { cluster: 'a b, c=d' } }, /static label cluster="a b, c=d" must be a non-empty value/],
    ['a bad Datadog Secret', { datadog: { apiKeySecret: 'DD Keys' } }, /monitoring-test\/log-shipper: datadog\.apiKeySecret "DD Keys" is not a valid Kubernetes Secret name \(.*\); name an existing Secret, e\.g\. datadog\.apiKeySecret: "datadog-keys"/],
    ['a bad Datadog site', { datadog: { apiKeySecret: 'dd', site: 'datadog.com' } }, /datadog.site "datadog.com" is not a Datadog site such as "datadoghq.com"/],
    ['a bad app label key', { appLabel: 'app name' }, /appLabel "app name" is not a Kubernetes label key/],
    ['a tiny buffer', { memBufLimitMB: 1 }, /memBufLimitMB 1 must be a whole number of at least 5/],
    ['no Loki', { loki: undefined as never }, /loki undefined is not a Loki push target; pass the Loki construct/],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
