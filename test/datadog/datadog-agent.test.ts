import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, ReviewArtifacts, resolveEnvironment } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import {
  DatadogAdmissionController, DatadogAgent, DatadogAgentProps, DatadogApmTransport, DatadogLogCollection, DatadogOtlpReceiver,
  DatadogSite, DatadogTaintEffect, DatadogToleration,
} from '../../lib/datadog';
import { DATADOG_DEFAULTS } from '../../lib/datadog/datadog-defaults';
import { datadogAgentPropsForEnvironment } from '../../lib/datadog/datadog-environment';
import { chartDefaults, unknownChartKeys } from '../support/chart-values';
import { synthJson, releaseValues } from '../support/synth';
import { allStrings, chartSchemaErrors } from './datadog-test-support';

const BASE: DatadogAgentProps = { namespace: 'monitoring', secretName: 'datadog-keys', clusterName: 'prod-eu-1' };

function build(props: Partial<DatadogAgentProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'monitoring-test');
  const agent = new DatadogAgent(stack, 'datadog', { ...BASE, ...props });
  return { stack, agent };
}

function valuesOf(release: Record<string, any>): Record<string, any> {
  return parse(unescapeTerraformTemplate(release.values[0]));
}

/** Every feature on, so that every key the construct can set is checked against the chart. */
const EVERYTHING: Partial<DatadogAgentProps> = {
  site: DatadogSite.EU1, environment: 'prod', tags: { region: 'eu-west-1', team: 'platform', service: 'monitoring' },
  apm: DatadogApmTransport.SOCKET_AND_HOST_PORT, processCollection: true, networkMonitoring: true, universalServiceMonitoring: true,
  cspm: true, cws: true, admissionController: DatadogAdmissionController.ALL_PODS, prometheusScrape: true,
  otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 14317, httpPort: 14318, logs: true }), hostPortsInUse: [4317, 4318],
  clusterAgentReplicas: 2, clusterAgentTokenSecretName: 'datadog-cluster-agent-token', appKeySecretName: 'datadog-app-key',
  tolerations: [DatadogToleration.all()], clusterAgentTolerations: [DatadogToleration.exists('dedicated', DatadogTaintEffect.NO_SCHEDULE)],
  bundledOperator: true,
};

describe('DatadogAgent', () => {
  test('GIVEN the prod example THEN the pinned chart gets the keys Secret, site, cluster, tags and an HA Cluster Agent', () => {
    // GIVEN
    const { stack, agent } = build({
      site: DatadogSite.EU1, environment: 'prod', tags: { region: 'eu-west-1', team: 'platform' }, clusterAgentReplicas: 2,
    });
    // WHEN
    const json = synthJson(stack);
    const [release] = Object.values(json.resource.helm_release) as Record<string, any>[];
    // THEN
    expect(release).toMatchObject({
      chart: 'datadog', version: '3.240.0', repository: 'https://helm.datadoghq.com', namespace: 'monitoring', name: 'datadog',
      atomic: true, cleanup_on_fail: true,
    });
    const values = valuesOf(release);
    expect(values.datadog).toMatchObject({
      apiKeyExistingSecret: 'datadog-keys', appKeyExistingSecret: 'datadog-keys', site: 'datadoghq.eu', clusterName: 'prod-eu-1',
      tags: ['cluster:prod-eu-1', 'env:prod', 'region:eu-west-1', 'team:platform'],
      kubeStateMetricsEnabled: false,
      operator: { enabled: false },
      autoscaling: { workload: { enabled: false } },
    });
    expect(values.datadog).not.toHaveProperty('apiKey');
    expect(values.datadog).not.toHaveProperty('appKey');
    expect(values.clusterAgent).toMatchObject({ enabled: true, replicas: 2, pdb: { create: true, minAvailable: 1 }, resources: DATADOG_DEFAULTS.resources.clusterAgent });
    expect(agent.tags).toEqual(['cluster:prod-eu-1', 'env:prod', 'region:eu-west-1', 'team:platform']);
  });

  test('defaults: APM over the socket only, all container logs, no OTLP, no host ports, labelled pods only, no PDB for one replica', () => {
    const values = releaseValues(build().agent) as any;
    expect(values.datadog.apm).toEqual({ socketEnabled: true, portEnabled: false, port: 8126 });
    expect(values.datadog.logs).toEqual({ enabled: true, containerCollectAll: true });
    expect(values.datadog.otlp.receiver.protocols.grpc).toEqual({ enabled: false, endpoint: '0.0.0.0:4317', useHostPort: false });
    expect(values.datadog.otlp.receiver.protocols.http).toEqual({ enabled: false, endpoint: '0.0.0.0:4318', useHostPort: false });
    expect(values.datadog.processAgent).toEqual({ processCollection: false, stripProcessArguments: true, containerCollection: true });
    expect(values.datadog.networkMonitoring).toEqual({ enabled: false });
    expect(values.datadog.securityAgent).toEqual({ compliance: { enabled: false }, runtime: { enabled: false } });
    expect(values.datadog.prometheusScrape.enabled).toBe(false);
    expect(values.datadog.site).toBe('datadoghq.com');
    expect(values.clusterAgent.admissionController).toEqual({ enabled: true, mutateUnlabelled: false });
    expect(values.clusterAgent.replicas).toBe(1);
    expect(values.clusterAgent.pdb).toEqual({ create: false });
    expect(values.clusterAgent).not.toHaveProperty('tokenExistingSecret');
  });

  test('every container gets requests and limits, and the Cluster Agent drops all capabilities', () => {
    const values = releaseValues(build({ resources: { agent: { requests: { cpu: '300m', memory: '300Mi' }, limits: { cpu: '2', memory: '1Gi' } } } }).agent) as any;
    const containers = values.agents.containers;
    for (const name of ['agent', 'traceAgent', 'processAgent', 'systemProbe', 'securityAgent', 'initContainers']) {
      expect([name, containers[name].resources.requests, containers[name].resources.limits]).toEqual([name, expect.any(Object), expect.any(Object)]);
    }
    expect(containers.agent.resources).toEqual({ requests: { cpu: '300m', memory: '300Mi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(containers.traceAgent.resources).toEqual(DATADOG_DEFAULTS.resources.traceAgent);
    expect(values.clusterAgent.containers.initContainers.resources).toEqual(DATADOG_DEFAULTS.resources.initContainers);
    expect(values.clusterAgent.containers.clusterAgent.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
  });

  test('every feature maps to its chart switch', () => {
    const { agent } = build(EVERYTHING);
    const values = releaseValues(agent) as any;
    expect(values.datadog.apm).toEqual({ socketEnabled: true, portEnabled: true, port: 8126 });
    expect(values.datadog.processAgent.processCollection).toBe(true);
    expect(values.datadog.networkMonitoring.enabled).toBe(true);
    expect(values.datadog.serviceMonitoring.enabled).toBe(true);
    expect(values.datadog.securityAgent).toEqual({ compliance: { enabled: true }, runtime: { enabled: true } });
    expect(values.datadog.prometheusScrape).toEqual({ enabled: true, serviceEndpoints: false, version: 2 });
    expect(values.datadog.operator.enabled).toBe(true);
    expect(values.datadog.appKeyExistingSecret).toBe('datadog-app-key');
    expect(values.clusterAgent.tokenExistingSecret).toBe('datadog-cluster-agent-token');
    expect(values.clusterAgent.admissionController).toEqual({ enabled: true, mutateUnlabelled: true });
    expect(values.agents.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(values.clusterAgent.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(releaseValues(build({ admissionController: DatadogAdmissionController.OFF }).agent)).toMatchObject({ clusterAgent: { admissionController: { enabled: false } } });
    expect(releaseValues(build({ apm: DatadogApmTransport.OFF }).agent)).toMatchObject({ datadog: { apm: { socketEnabled: false, portEnabled: false } } });
    expect(agent.enabledFeatures()).toEqual([
      'APM (socket-and-host-port)', 'logs (all-containers)', 'process collection', 'container collection', 'network monitoring',
      'universal service monitoring', 'CSPM', 'CWS', 'admission controller (all-pods)', 'OTLP intake',
      'OpenMetrics scraping of prometheus.io-annotated pods', 'bundled datadog-operator',
    ]);
  });

  describe('beside the log shipper and the OpenTelemetry collector', () => {
    test('with a log shipper running, only annotated pods are collected by default (no double collection)', () => {
      const { agent } = build({ logShipperRunning: true });
      expect(agent.logCollection).toBe(DatadogLogCollection.ANNOTATED_ONLY);
      expect((releaseValues(agent) as any).datadog.logs).toEqual({ enabled: true, containerCollectAll: false });
      expect((releaseValues(build({ logShipperRunning: true, logCollection: DatadogLogCollection.OFF }).agent) as any).datadog.logs).toEqual({ enabled: false, containerCollectAll: false });
    });

    test('OTLP in cluster: container ports only, through the node-local Service', () => {
      const { agent } = build({ otlp: DatadogOtlpReceiver.inCluster() });
      const values = releaseValues(agent) as any;
      expect(values.datadog.otlp.receiver.protocols).toEqual({
        grpc: { enabled: true, endpoint: '0.0.0.0:4317', useHostPort: false },
        http: { enabled: true, endpoint: '0.0.0.0:4318', useHostPort: false },
      });
      expect(values.agents.localService).toEqual({ overrideName: 'datadog-agent-local', forceLocalServiceEnabled: true });
      expect(agent.otlpGrpcEndpoint).toBe('http://datadog-agent-local.monitoring.svc:4317');
      expect(agent.otlpHttpEndpoint).toBe('http://datadog-agent-local.monitoring.svc:4318');
      const grpcOnly = build({ otlp: DatadogOtlpReceiver.inCluster({ http: false }) }).agent;
      expect(grpcOnly.otlpHttpEndpoint).toBeUndefined();
      expect((releaseValues(grpcOnly) as any).datadog.otlp.receiver.protocols.http.enabled).toBe(false);
    });

    test('OTLP on explicit host ports avoids the ports declared in use', () => {
      const { agent } = build({ otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 14317 }), hostPortsInUse: [4317, 4318] });
      expect((releaseValues(agent) as any).datadog.otlp.receiver.protocols.grpc).toEqual({ enabled: true, endpoint: '0.0.0.0:14317', useHostPort: true });
      expect(agent.otlpGrpcEndpoint).toBe('http://$(DD_AGENT_HOST):14317');
    });
  });

  test('every Helm value key it sets exists in the pinned chart, and the values pass the chart schema', () => {
    const defaults = chartDefaults(Charts.datadog);
    if (!defaults) return;
    for (const props of [{}, EVERYTHING, { otlp: DatadogOtlpReceiver.inCluster(), logShipperRunning: true }]) {
      const values = releaseValues(build(props).agent);
      // The one key below a non-empty default map that the chart does not list: the container's
      // securityContext is a Kubernetes SecurityContext passed through `toYaml` by the chart's
      // "generate-security-context" helper, and `capabilities` is one of its fields.
      expect(unknownChartKeys(values, defaults)).toEqual(['clusterAgent.containers.clusterAgent.securityContext.capabilities']);
      const errors = chartSchemaErrors(Charts.datadog, values, defaults);
      if (errors) expect(errors).toEqual([]);
    }
    // and both checks catch a mistake
    expect(unknownChartKeys({ datadog: { logs: { collectAll: true } } }, defaults)).toEqual(['datadog.logs.collectAll']);
    expect(chartSchemaErrors(Charts.datadog, { registryMigrationMode: 'sometimes' }, defaults)?.length).toBeGreaterThan(0);
  });

  test('no key material anywhere in the synthesized stack: only Secret names', () => {
    const { stack } = build(EVERYTHING);
    const text = Testing.synth(stack);
    const values = valuesOf(Object.values(JSON.parse(text).resource.helm_release)[0] as Record<string, any>);
    const keyLike = allStrings(values).filter(([path]) => /(^|\.)(apiKey|appKey|token|api_key|app_key)$/i.test(path));
    expect(keyLike).toEqual([]);
    expect(text).not.toMatch(/api_?key"?\s*[:=]\s*"?[0-9a-f]{32}/i);
    expect(text).not.toMatch(/apiKey:\s*\S/);
    expect(text).not.toMatch(/appKey:\s*\S/);
    expect(text).toContain('apiKeyExistingSecret: datadog-keys');
  });

  test('the review summary lists site, Secret and features', () => {
    const { stack } = build({ site: DatadogSite.AP1, environment: 'prod' });
    const summary = ReviewArtifacts.of(stack).render().get('summary.md')!;
    expect(summary).toContain('site: AP1 (ap1.datadoghq.com), cluster: prod-eu-1');
    expect(summary).toContain('keys: existing Secret datadog-keys');
    expect(summary).toMatch(/features: APM \(socket\), logs \(all-containers\)/);
  });

  test('same input gives byte-identical output', () => {
    expect(Testing.synth(build(EVERYTHING).stack)).toBe(Testing.synth(build(EVERYTHING).stack));
  });

  test.each<[string, Partial<DatadogAgentProps>, RegExp]>([
    ['no Secret', { secretName: undefined as never }, /monitoring-test\/datadog: secretName undefined names no Secret; .*pass secretName: "datadog-keys"/],
    ['an empty Secret name', { secretName: '' }, /secretName "" names no Secret/],
    ['a bad Secret name', { secretName: 'Datadog Keys' }, /monitoring-test\/datadog: secretName "Datadog Keys" is not a valid Kubernetes Secret name \(.*\); name an existing Secret, e\.g\. secretName: "datadog-keys"/],
    ['a bad app key Secret', { appKeySecretName: 'App_Key' }, /appKeySecretName "App_Key" is not a valid Kubernetes Secret name/],
    ['a site as text', { site: 'datadoghq.eu' as never }, /site "datadoghq.eu" is not a Datadog site \(for "datadoghq.eu" write DatadogSite.EU1\)/],
    ['an uppercase cluster name', { clusterName: 'Prod_EU_1' }, /monitoring-test\/datadog: clusterName "Prod_EU_1" breaks Datadog's rule .*write e.g. "prod-eu-1"/],
    ['a cluster name starting with a digit', { clusterName: '1prod' }, /clusterName "1prod" breaks Datadog's rule/],
    ['a cluster name ending with a hyphen', { clusterName: 'prod-' }, /clusterName "prod-" breaks Datadog's rule/],
    ['a cluster name over 80 characters', { clusterName: `a${'b'.repeat(80)}` }, /has 81 characters; Datadog allows at most 80/],
    ['an env tag given twice', { environment: 'prod', tags: { env: 'staging' } }, /tags.env "staging" is set from environment; remove it from tags/],
    ['a tag with uppercase', { tags: { team: 'Platform' } }, /monitoring-test\/datadog tags: tag team has value "Platform", which Datadog would change or refuse/],
    ['a bad tag key', { tags: { '1team': 'x' } }, /tag key "1team" is not a Datadog tag key/],
    ['all container logs beside a log shipper', { logShipperRunning: true, logCollection: DatadogLogCollection.ALL_CONTAINERS }, /logCollection "all-containers" would collect every container log a second time.*ANNOTATED_ONLY/],
    ['an unknown log collection', { logCollection: 'everything' as never }, /logCollection "everything" is not one of off, all-containers, annotated-only \(DatadogLogCollection\.\*\)/],
    ['an unknown APM transport', { apm: 'udp' as never }, /apm "udp" is not one of off, socket, host-port, socket-and-host-port/],
    ['APM host port declared taken', { apm: DatadogApmTransport.HOST_PORT, hostPortsInUse: [8126] }, /binds host port 8126, which hostPortsInUse declares taken; use DatadogApmTransport.SOCKET/],
    ['OTLP host ports that clash with a declared OTel agent', { otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 4317 }), hostPortsInUse: [4317, 4318] }, /otlp grpc host port 4317 is declared in use on the nodes .*DatadogOtlpReceiver.inCluster\(\)/],
    ['an OTLP host port equal to the APM port', { apm: DatadogApmTransport.HOST_PORT, otlp: DatadogOtlpReceiver.hostPorts({ httpPort: 8126 }) }, /otlp http host port 8126 is already the agent's APM port/],
    ['OTLP with no protocol', { otlp: DatadogOtlpReceiver.inCluster({ grpc: false, http: false }) }, /otlp receiver has neither gRPC nor HTTP/],
    ['an OTLP port out of range', { otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 80 }) }, /otlp grpc port 80 is not a port from 1024 to 65535/],
    ['the same OTLP port twice', { otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 14317, httpPort: 14317 }) }, /otlp http host port 14317 is already the agent's OTLP grpc port/],
    ['an OTLP option that is not a receiver', { otlp: { grpc: true } as never }, /otlp \{"grpc":true\} is not a DatadogOtlpReceiver/],
    ['zero Cluster Agent replicas', { clusterAgentReplicas: 0 }, /clusterAgentReplicas 0 must be a whole number of at least 1/],
    ['a request above its limit', { resources: { clusterAgent: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } } }, /monitoring-test\/datadog resources.clusterAgent: CPU request "2" exceeds its limit "1"/],
    ['a bad toleration key', { tolerations: [DatadogToleration.exists('bad key!')] }, /monitoring-test\/datadog tolerations\[0\]: toleration key "bad key!" is not a valid taint key/],
    ['a bad toleration effect', { tolerations: [DatadogToleration.exists('gpu', 'Never' as never)] }, /toleration effect "Never" is not one of NoSchedule, PreferNoSchedule, NoExecute/],
    ['a plain object as toleration', { tolerations: [{ operator: 'Exists' } as never] }, /is not a DatadogToleration; use DatadogToleration.all\(\)/],
    ['a bad host port', { hostPortsInUse: [70000] }, /hostPortsInUse entry 70000 is not a port number/],
    ['a bad release name', { releaseName: 'Datadog' }, /releaseName "Datadog" is not allowed/],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});

describe('datadogAgentPropsForEnvironment', () => {
  const prod = () => resolveEnvironment({
    name: 'prod', clusterName: 'prod-eu-1', region: 'eu-west-1', labels: { team: 'platform' }, components: { datadog: true, alertmanager: false },
  });

  test('GIVEN prod with Datadog on THEN the agent gets env, cluster, region and team tags and respects the log shipper', () => {
    const stack = new TerraformStack(Testing.app(), 'monitoring-prod');
    const agent = new DatadogAgent(stack, 'datadog', datadogAgentPropsForEnvironment(prod(), { secretName: 'datadog-keys', site: DatadogSite.EU1, clusterAgentReplicas: 2 }));
    expect(agent.tags).toEqual(['cluster:prod-eu-1', 'env:prod', 'region:eu-west-1', 'team:platform']);
    expect(agent.logCollection).toBe(DatadogLogCollection.ANNOTATED_ONLY); // components.logShipper defaults to on
    expect(agent.clusterAgentReplicas).toBe(2);
    expect(agent.namespace).toBe('monitoring');
  });

  test('without a log shipper, all container logs', () => {
    const env = resolveEnvironment({ name: 'dev', clusterName: 'dev-1', region: 'eu-west-1', components: { datadog: true, logShipper: false, alertmanager: false } });
    const stack = new TerraformStack(Testing.app(), 'monitoring-dev');
    expect(new DatadogAgent(stack, 'datadog', datadogAgentPropsForEnvironment(env, { secretName: 'datadog-keys' })).logCollection).toBe(DatadogLogCollection.ALL_CONTAINERS);
  });

  test('enabling Datadog without naming a Secret is a clear error', () => {
    expect(() => datadogAgentPropsForEnvironment(prod(), {})).toThrow(
      /^monitoring-prod: components.datadog is on but no Datadog Secret is named \(secretName undefined\); create a Secret with keys api-key and app-key in namespace "monitoring" .*pass secretName: "datadog-keys", or turn components.datadog off\.$/,
    );
  });
});

describe('the node agent network policy', () => {
  test('GIVEN OTLP on other host ports THEN the policy opens those ports, not only the defaults', () => {
    const { agent } = build({ otlp: DatadogOtlpReceiver.hostPorts({ grpcPort: 14317, httpPort: 14318 }), hostPortsInUse: [4317, 4318] });
    const [policy] = agent.networkPolicies().filter((p) => p.name === 'datadog-agent');
    const ports = policy.ingress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    expect(ports).toEqual(expect.arrayContaining([14317, 14318]));
    expect(ports).not.toContain(4317);
  });
});
