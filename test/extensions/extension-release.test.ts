import { join } from 'node:path';
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import {
  Charts, EnvironmentConfig, ExtensionRelease, IMonitoringComponent, ManifestsRelease, MonitoringNetworkPolicies,
  MonitoringStack, NetworkPeer, PeerRole, ReviewArtifacts, tcpPorts,
} from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { devAlerting } from '../../stacks/alerting';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { selects } from '../support/label-selectors';
import { PolicyPod, policiesOf, reachable } from '../support/network-policies';
import { expectValidationError } from '../support/refusal';
import { synthJson } from '../support/synth';
import { findTool, helmTemplate, renderedDocuments } from '../support/tools';

/*
 * Extra releases registered with the stack (ExtensionRelease, MonitoringStack.addComponent) keep the
 * stack's wiring: they wait for the namespace, appear in the review, and take part in the network
 * policies (their ingress, their peer roles) and disruption budgets, even when added after the stack
 * was built. The policies are ingress-only (docs/security.md): Prometheus → an exporter and
 * Alertmanager → a webhook proxy need the target's ingress to name those roles, which is one line.
 */

type Obj = Record<string, any>;
const NS = 'monitoring';
const base: EnvironmentConfig = { name: 'qa', clusterName: 'qa-eu-1', region: 'eu-west-1', alerting: devAlerting };
// A real chart with pods stands in for "your own exporter / webhook proxy": the blackbox exporter's, installed under another name.
const PROXY_LABELS = { 'app.kubernetes.io/name': 'prometheus-blackbox-exporter', 'app.kubernetes.io/instance': 'webhook-proxy' };
const PROXY_PORT = 9115;

function stackWithProxy(config: EnvironmentConfig = base) {
  const stack = new MonitoringStack(Testing.app(), config);
  const proxy = stack.addComponent(new ExtensionRelease(stack, 'webhook-proxy', {
    namespace: stack.namespace,
    releaseName: 'webhook-proxy',
    chart: Charts.blackboxExporter,
    values: { replicas: 2 },
    description: 'Webhook proxy',
    podLabels: PROXY_LABELS,
    // The one line that lets Alertmanager (webhooks) and Prometheus (its metrics) in.
    ingress: [{ from: [PeerRole.ALERTMANAGER, PeerRole.PROMETHEUS], ports: tcpPorts(PROXY_PORT) }],
    disruptionBudget: true,
    replicas: 2,
  }));
  return { stack, proxy, json: synthJson(stack) };
}

const pod = (labels: Readonly<Record<string, string>>): PolicyPod => ({ namespace: NS, labels });

describe('an ExtensionRelease registered with MonitoringStack.addComponent', () => {
  const { stack, proxy, json } = stackWithProxy();
  const policies = policiesOf(json);
  const prometheusPod = pod(stack.prometheus!.peerIdentities()[0].podLabels);
  const alertmanagerPod = pod(stack.alertmanager!.peerIdentities()[0].podLabels);
  const grafanaPod = pod(stack.grafana!.peerIdentities()[0].podLabels);

  test('its pods are reachable from Prometheus and Alertmanager on its port, and from nothing else', () => {
    const proxyPod = pod(PROXY_LABELS);
    expect(reachable(policies, proxyPod, prometheusPod, PROXY_PORT)).toBe(true);
    expect(reachable(policies, proxyPod, alertmanagerPod, PROXY_PORT)).toBe(true);
    expect(reachable(policies, proxyPod, grafanaPod, PROXY_PORT)).toBe(false);
    expect(reachable(policies, proxyPod, prometheusPod, PROXY_PORT + 1)).toBe(false);
    expect(reachable(policies, proxyPod, pod({ app: 'other' }), PROXY_PORT)).toBe(false);
  });

  test('without registration, the default deny blocks Prometheus from the same release', () => {
    const other = new MonitoringStack(Testing.app(), base);
    new ExtensionRelease(other, 'webhook-proxy', { namespace: other.namespace, releaseName: 'webhook-proxy', chart: Charts.blackboxExporter, podLabels: PROXY_LABELS, ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(PROXY_PORT) }] });
    const unregistered = policiesOf(synthJson(other));
    expect(reachable(unregistered, pod(PROXY_LABELS), prometheusPod, PROXY_PORT)).toBe(false);
  });

  test('the release waits for the namespace, and its values go through the escaping path', () => {
    const release = json.resource.helm_release[stack.getLogicalId(proxy.release)];
    expect(release.depends_on).toHaveLength(1);
    expect(release.depends_on[0]).toMatch(/^kubernetes_namespace\.namespace_/);
    expect(parse(unescapeTerraformTemplate(release.values[0]))).toEqual({ replicas: 2 });
    expect(release.atomic).toBe(true);
  });

  test('it has a PodDisruptionBudget and a row in the review', () => {
    const budgets = Object.values(json.resource.kubernetes_pod_disruption_budget_v1 ?? {}) as Obj[];
    expect(budgets.find((b) => b.metadata.name === 'webhook-proxy')?.spec.selector.match_labels).toEqual(PROXY_LABELS);
    const summary = ReviewArtifacts.of(stack).render().get('summary.md')!;
    expect(summary).toMatch(/\| Webhook proxy \| `monitoring-qa\/webhook-proxy` \| monitoring \| prometheus-blackbox-exporter 11\.17\.2 \| 2 \|/);
  });

  test('its NetworkPolicy selects the pods the real chart renders', () => {
    if (!sharedChartsPresent('the ExtensionRelease pod-label check') || !findTool('helm')) return;
    const values = unescapeTerraformTemplate(json.resource.helm_release[stack.getLogicalId(proxy.release)].values[0]);
    const result = helmTemplate(join(SHARED_CHARTS, `${Charts.blackboxExporter.chart}-${Charts.blackboxExporter.version}`), values, 'webhook-proxy', NS);
    expect(result.status).toBe(0);
    const deployment = (renderedDocuments(result.output) as Obj[]).find((d) => d.kind === 'Deployment')!;
    const policy = policies.find((p) => p.metadata.name === 'webhook-proxy')!;
    expect(selects(policy.spec.pod_selector, deployment.spec.template.metadata.labels)).toBe(true);
    expect(reachable(policies, pod(deployment.spec.template.metadata.labels), prometheusPod, PROXY_PORT)).toBe(true);
  });
});

describe('MonitoringStack.addComponent with any IMonitoringComponent', () => {
  /** A construct of a user's own: objects through ManifestsRelease, no namespace ordering of its own. */
  class OwnExporter extends Construct implements IMonitoringComponent {
    public readonly release: ManifestsRelease;
    constructor(scope: Construct, id: string, private readonly role?: PeerRole, private readonly policyName = id) {
      super(scope, id);
      this.release = new ManifestsRelease(this, 'objects', { releaseName: id, namespace: { namespaceName: NS }, manifests: () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id }, data: { a: 'b' } }] });
    }
    public peerIdentities() { return this.role ? [{ role: this.role, description: 'own Grafana', podLabels: { app: 'own-grafana' } }] : []; }
    public networkPolicies() { return [{ name: this.policyName, podLabels: { app: this.node.id }, ingress: [{ from: [PeerRole.PROMETHEUS], ports: tcpPorts(8080) }] }]; }
    public disruptionBudgets() { return []; }
  }

  test('every Terraform resource under it is made to wait for the namespace', () => {
    const stack = new MonitoringStack(Testing.app(), base);
    const own = new OwnExporter(stack, 'own-exporter');
    expect(own.release.release.dependsOn ?? []).toHaveLength(0);
    stack.addComponent(own);
    const json = synthJson(stack);
    const release = json.resource.helm_release[stack.getLogicalId(own.release.release)];
    expect(release.depends_on).toHaveLength(1);
    expect(release.depends_on[0]).toMatch(/^kubernetes_namespace/);
  });

  test('a role it plays opens the rules that name the role, in policies built before it was added', () => {
    // GIVEN a stack without Grafana, so Alertmanager's rule for GRAFANA has no pods yet
    const stack = new MonitoringStack(Testing.app(), { ...base, components: { grafana: false } });
    const ownGrafana = pod({ app: 'own-grafana' });
    const alertmanagerPod = pod(stack.alertmanager!.peerIdentities()[0].podLabels);
    expect(reachable(policiesOf(synthJson(stack)), alertmanagerPod, ownGrafana, 9093)).toBe(false);

    // WHEN a component playing GRAFANA is added
    stack.addComponent(new OwnExporter(stack, 'own-grafana', PeerRole.GRAFANA));

    // THEN Alertmanager lets it in, and its own policy exists
    const policies = policiesOf(synthJson(stack));
    expect(reachable(policies, alertmanagerPod, ownGrafana, 9093)).toBe(true);
    expect(policies.map((p) => p.metadata.name)).toContain('own-grafana');
  });

  test('refuses a duplicate policy name, the same component twice, and a non-component', () => {
    const stack = new MonitoringStack(Testing.app(), base);
    expectValidationError(() => stack.addComponent(new OwnExporter(stack, 'own-alertmanager', undefined, 'alertmanager')), 'monitoring-qa/network-policies', 'two components want a NetworkPolicy named "alertmanager"');
    // the refused component left the policies as they were
    expect(policiesOf(synthJson(stack)).filter((p) => p.metadata.name === 'alertmanager')).toHaveLength(1);
    const own = stack.addComponent(new OwnExporter(stack, 'own'));
    expectValidationError(() => stack.addComponent(own), 'already part of the network policies');
    expectValidationError(() => stack.addComponent({ name: 'x' } as never), 'addComponent', 'is not a component of the stack');
  });
});

describe('ExtensionRelease props', () => {
  const make = (props: Obj) => {
    const stack = new MonitoringStack(Testing.app(), base);
    return new ExtensionRelease(stack, 'ext', { namespace: stack.namespace, releaseName: 'ext', ...props } as never);
  };

  test.each([
    ['neither chart nor manifests', {}, 'give exactly one of chart'],
    ['both', { chart: Charts.blackboxExporter, manifests: [] }, 'got both'],
    ['ingress without podLabels', { chart: Charts.blackboxExporter, ingress: [{ from: [PeerRole.PROMETHEUS] }] }, 'need podLabels'],
    ['podLabels {}', { chart: Charts.blackboxExporter, podLabels: {} }, 'select every pod'],
    ['a peer that is neither', { chart: Charts.blackboxExporter, podLabels: { a: 'b' }, ingress: [{ from: ['prometheus-server'] }] }, 'neither a NetworkPeer nor a PeerRole'],
    ['a bad port', { chart: Charts.blackboxExporter, podLabels: { a: 'b' }, ingress: [{ from: [PeerRole.PROMETHEUS], ports: [{ port: 70000 }] }] }, 'not a port number'],
    ['a credential in values', { chart: Charts.blackboxExporter, values: { auth: { password: 'pw' } } }, 'values path "auth.password"'],
    ['chartValues with manifests', { manifests: [], chartValues: { a: 1 } }, 'chartValues applies to a chart release'],
  ])('refuses %s', (_what, props, message) => {
    expectValidationError(() => make(props), 'monitoring-qa/ext', message);
  });

  test('manifests are delivered through the package chart, and a Secret with literal data is refused at synth', () => {
    const stack = new MonitoringStack(Testing.app(), base);
    new ExtensionRelease(stack, 'secret', { namespace: stack.namespace, releaseName: 'secret', manifests: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { token: 'abc' } }] });
    expect(() => Testing.synth(stack)).toThrow(/manifest path "stringData.token" looks like a credential/);
  });
});

describe('MonitoringNetworkPolicies extraIngress', () => {
  test('adds rules to a policy by name; a name no component has is flagged at synth', () => {
    const stack = new MonitoringStack(Testing.app(), { ...base, networkPolicies: { extraIngress: { alertmanager: [{ from: [NetworkPeer.namespace('ops')], ports: tcpPorts(9093) }] } } });
    const policies = policiesOf(synthJson(stack));
    const alertmanagerPod = pod(stack.alertmanager!.peerIdentities()[0].podLabels);
    expect(reachable(policies, alertmanagerPod, { namespace: 'ops', labels: { app: 'oncall-bot' } }, 9093)).toBe(true);
    expect(reachable(policies, alertmanagerPod, { namespace: 'dev', labels: { app: 'oncall-bot' } }, 9093)).toBe(false);

    const typo = new MonitoringStack(Testing.app(), base);
    new MonitoringNetworkPolicies(typo, 'more-policies', { namespace: 'other', components: [], extraIngress: { alertmanagr: [{ from: 'anywhere' }] } });
    expect(() => Testing.synth(typo, true)).toThrow(/extraIngress names the NetworkPolicy "alertmanagr", which no component of the stack has/);
  });
});
