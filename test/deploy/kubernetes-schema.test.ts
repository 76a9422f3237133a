import { sharedChartsPresent } from '../support/chart-values';
import { KUBERNETES_SCHEMA_VERSION, schemaErrors, shippedCustomResourceKinds, unknownBuiltInFields } from '../support/kubernetes-schema';

/*
 * The schema check of rendered objects (issue 14) must refuse what the API server refuses: each case
 * below is a mistake a chart value can make, with the error that names its path.
 */

const deployment = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'monitoring', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    },
    ...spec,
  },
});

const service = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports } });

describe(`built-in kinds, against the Kubernetes ${KUBERNETES_SCHEMA_VERSION} OpenAPI schema (kubernetes-models)`, () => {
  test('GIVEN well-formed objects THEN there are no errors', () => {
    expect(KUBERNETES_SCHEMA_VERSION).toBe('1.33.0');
    expect(schemaErrors(deployment())).toEqual([]);
    expect(schemaErrors(service([{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }]))).toEqual([]);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'a.yaml': 'x: 1' } })).toEqual([]);
    expect(schemaErrors({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] })).toEqual([]);
  });

  test('GIVEN a null field THEN it counts as unset, as the API server decodes it', () => {
    expect(schemaErrors(deployment({ strategy: null }))).toEqual([]);
  });

  test('GIVEN a Deployment with replicas "two" THEN /spec/replicas must be an integer', () => {
    expect(schemaErrors(deployment({ replicas: 'two' }))).toEqual(['/spec/replicas: must be integer']);
  });

  test('GIVEN a Service port given as an object THEN the port must be an integer, the targetPort an int-or-string', () => {
    expect(schemaErrors(service([{ port: { number: 80 }, targetPort: { name: 'http' } }]))).toEqual([
      '/spec/ports/0/port: must be integer',
      '/spec/ports/0/targetPort: must be string or integer',
    ]);
  });

  test('GIVEN a bad quantity, a number as a label value or as ConfigMap data, a null container THEN each is named', () => {
    const bad = deployment();
    (bad.metadata.labels as Record<string, unknown>).tier = 1;
    bad.spec.template.spec.containers[0].resources.requests.cpu = 'lots';
    expect(schemaErrors(bad)).toEqual([
      '/metadata/labels/tier: must be string',
      '/spec/template/spec/containers/0/resources/requests/cpu: must be number',
      '/spec/template/spec/containers/0/resources/requests/cpu: must match format "quantity"',
    ]);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { port: 8080 } })).toEqual(['/data/port: must be string']);
    const nullContainer = deployment();
    (nullContainer.spec.template.spec as { containers: unknown[] }).containers = [null];
    expect(schemaErrors(nullContainer)).toEqual(['/spec/template/spec/containers/0: must be object']);
  });

  test('GIVEN an object without a name THEN it is refused, as the API server refuses it', () => {
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toEqual(["/metadata: must have required property 'name'"]);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual(["/: must have required property 'metadata'"]);
  });

  test(`GIVEN an API version removed before Kubernetes ${KUBERNETES_SCHEMA_VERSION} THEN it is refused, though kubernetes-models keeps its schema`, () => {
    const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1 } };
    expect(schemaErrors(pdb)).toEqual(['policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.33.0 (removed; use the GA version)']);
    expect(schemaErrors({ ...pdb, apiVersion: 'policy/v1' })).toEqual([]);
  });

  test('GIVEN a kind no schema knows, or a sub-structure of one, or no kind at all THEN it is an error, never passed', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'no schema for example.com/v1 Widget: neither a Kubernetes 1.33.0 kind nor a CRD shipped in ../shared/charts',
    ]);
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'w' } })[0]).toMatch(/^no schema for apps\/v1 DeploymentSpec/);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'w' } })[0]).toMatch(/^no schema for v1 Nonsense/);
    expect(schemaErrors({ apiVersion: 'v1', metadata: { name: 'w' } })).toEqual(['/: apiVersion and kind must be non-empty strings']);
    expect(schemaErrors(['not', 'an', 'object'])).toEqual(['/: a Kubernetes object must be a map']);
  });
});

describe('unknown fields of built-in kinds (TypeScript excess-property check against kubernetes-models types)', () => {
  test('GIVEN fields Kubernetes does not know, several in one object THEN each is named with its path; known fields pass', () => {
    const typo = deployment({ bogus: 1 });
    const container = typo.spec.template.spec.containers[0] as Record<string, unknown>;
    container.securityContext = { runAsNonroot: true, readOnlyRootFilesystem: true };
    container.imagePullpolicy = 'Always';
    (typo.metadata as Record<string, unknown>).labelz = {};
    const [fine, wrong, extraField, custom, unknownKind] = unknownBuiltInFields([
      deployment({ strategy: null }),
      typo,
      { ...service([{ port: 80 }]), status: { loadBalancer: {} }, extra: true },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm' }, spec: { whatever: 1 } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, anything: 1 },
    ]);
    expect(fine).toEqual([]);
    expect([...wrong].sort()).toEqual([
      '/metadata: unknown field "labelz"',
      '/spec/template/spec/containers/0/securityContext: unknown field "runAsNonroot"',
      '/spec/template/spec/containers/0: unknown field "imagePullpolicy"',
      '/spec: unknown field "bogus"',
    ].sort());
    expect(extraField).toEqual(['/: unknown field "extra"']);
    // Custom resources and unknown kinds are schemaErrors' to judge.
    expect([custom, unknownKind]).toEqual([[], []]);
  });
});

const rule = (fields: Record<string, unknown>, group: Record<string, unknown> = {}) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'rules', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } },
  spec: { groups: [{ name: 'service-health', rules: [{ alert: 'ServiceDown', expr: 'up == 0', for: '5m', labels: { severity: 'critical' }, ...fields }], ...group }] },
});

const serviceMonitor = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http', interval: '30s', path: '/metrics' }], ...spec },
});

const describeWithCharts = sharedChartsPresent('custom resource schema checks') ? describe : describe.skip;

describeWithCharts("custom resources, against the openAPIV3Schema of the CRDs shipped in ../shared/charts", () => {
  test('the CRDs of kube-prometheus-stack and datadog are indexed', () => {
    expect(shippedCustomResourceKinds()).toEqual(
      expect.arrayContaining(
        ['PrometheusRule', 'ServiceMonitor', 'PodMonitor', 'Probe', 'Prometheus', 'Alertmanager', 'AlertmanagerConfig', 'ScrapeConfig', 'ThanosRuler']
          .map((k) => `monitoring.coreos.com/${k}`)
          .concat(['datadoghq.com/DatadogAgent', 'datadoghq.com/DatadogMetric', 'datadoghq.com/DatadogMonitor']),
      ),
    );
  });

  test('GIVEN well-formed custom resources THEN there are no errors', () => {
    expect(schemaErrors(rule({}))).toEqual([]);
    expect(schemaErrors(rule({ expr: 1 }))).toEqual([]); // expr is an int-or-string
    expect(schemaErrors(serviceMonitor())).toEqual([]);
    expect(schemaErrors(serviceMonitor({ endpoints: [{ targetPort: 9090 }, { targetPort: 'metrics' }] }))).toEqual([]);
    // datadog-crds ships its CRDs as templates: read without their template actions
    expect(schemaErrors({ apiVersion: 'datadoghq.com/v1alpha1', kind: 'DatadogMetric', metadata: { name: 'm' }, spec: { query: 'avg:nginx.requests{*}' } })).toEqual([]);
  });

  test('GIVEN a PrometheusRule whose `for` is the number 5 THEN it must be a string', () => {
    expect(schemaErrors(rule({ for: 5 }))).toEqual(['/spec/groups/0/rules/0/for: must be string']);
  });

  test('GIVEN a rule duration or label that is not what the CRD says THEN its pattern or type refuses it', () => {
    expect(schemaErrors(rule({ for: '5 minutes' }))).toEqual([
      '/spec/groups/0/rules/0/for: must match pattern "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"',
    ]);
    expect(schemaErrors(rule({ labels: { severity: 'critical', tier: 1 } }))).toEqual(['/spec/groups/0/rules/0/labels/tier: must be string']);
    expect(schemaErrors(rule({ alert: undefined, record: undefined, expr: undefined }))).toEqual(["/spec/groups/0/rules/0: must have required property 'expr'"]);
  });

  test('GIVEN a Go (RE2) pattern with a (?i) flag THEN it matches as the API server matches it', () => {
    expect(schemaErrors(rule({}, { partial_response_strategy: 'WARN' }))).toEqual([]);
    expect(schemaErrors(rule({}, { partial_response_strategy: 'ignore' }))).toEqual(['/spec/groups/0/partial_response_strategy: must match pattern "^(?i)(abort|warn)?$"']);
  });

  test('GIVEN a ServiceMonitor with a field its CRD does not declare THEN the field is unknown', () => {
    expect(schemaErrors(serviceMonitor({ bogus: true }))).toEqual(['/spec: unknown field "bogus"']);
    expect(schemaErrors(serviceMonitor({ endpoints: [{ port: 'http', honorLabel: true }] }))).toEqual(['/spec/endpoints/0: unknown field "honorLabel"']);
    expect(schemaErrors({ ...serviceMonitor(), extra: 1 })).toEqual(['/: unknown field "extra"']);
  });

  test('GIVEN a field under x-kubernetes-preserve-unknown-fields THEN anything goes there, and only there', () => {
    const instrumentation = (check: Record<string, unknown>) => ({
      apiVersion: 'datadoghq.com/v1alpha1',
      kind: 'DatadogInstrumentation',
      metadata: { name: 'nginx' },
      spec: { targetRef: { kind: 'Deployment', name: 'nginx' }, config: { checks: [{ integration: 'nginx', ...check }] } },
    });
    expect(schemaErrors(instrumentation({ initConfig: { any: { thing: [1, 'two'] } }, instances: [{ nginx_status_url: 'http://x/status', tags: ['a'] }] }))).toEqual([]);
    expect(schemaErrors(instrumentation({ initconfig: {} }))).toEqual(['/spec/config/checks/0: unknown field "initconfig"']);
  });

  test('GIVEN an int-or-string that is neither THEN it is refused', () => {
    expect(schemaErrors(serviceMonitor({ endpoints: [{ targetPort: true }] }))).toEqual(['/spec/endpoints/0/targetPort: must be integer or string']);
  });

  test('GIVEN two rule groups of the same name THEN the list-type map refuses the duplicate key', () => {
    const twice = rule({});
    twice.spec.groups.push({ ...twice.spec.groups[0] });
    expect(schemaErrors(twice)).toEqual(['/spec/groups: items 0 and 1 have the same name (list-type map)']);
  });

  test('GIVEN a value its CRD forbids by a CEL rule (x-kubernetes-validations) THEN the rule\'s message is the error', () => {
    const prometheus = (spec: Record<string, unknown>) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'p' }, spec });
    expect(schemaErrors(prometheus({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } }))).toEqual([]);
    expect(schemaErrors(prometheus({ updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 1 } } }))).toEqual([
      '/spec/updateStrategy: rollingUpdate requires type to be RollingUpdate',
    ]);
    expect(schemaErrors(prometheus({ shards: 1, shardingStrategy: { mode: 'Topology', topology: { values: ['eu-1a', 'eu-1b'] } } }))).toEqual([
      '/spec: shards must be greater than or equal to the number of topology values when sharding strategy mode is Topology',
    ]);
  });

  test('GIVEN a custom resource whose metadata is not an ObjectMeta, or has no name THEN it is refused', () => {
    const labelled = rule({});
    (labelled.metadata.labels as Record<string, unknown>).tier = 2;
    expect(schemaErrors(labelled)).toEqual(['/metadata/labels/tier: must be string']);
    expect(schemaErrors({ ...rule({}), metadata: {} })).toEqual(["/metadata: must have required property 'name'"]);
  });

  test('GIVEN a version the CRD does not have THEN there is no schema for it', () => {
    expect(schemaErrors({ ...serviceMonitor(), apiVersion: 'monitoring.coreos.com/v2' })).toEqual([
      'no schema for monitoring.coreos.com/v2 ServiceMonitor: the CRD in kube-prometheus-stack-88.5.3/charts/crds/crds/crd-servicemonitors.yaml has versions v1',
    ]);
    expect(schemaErrors({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitorr', metadata: { name: 'x' } })[0]).toMatch(/^no schema for monitoring.coreos.com\/v1 ServiceMonitorr/);
  });
});
