import { Construct } from 'constructs';
import { NamespaceProp, resolveNamespace } from '../core/namespace';
import { ValidationError, show } from '../core/validation-error';
import type { Alertmanager } from '../alertmanager/alertmanager';
import type { DatadogAgent } from '../datadog/datadog-agent';
import type { Grafana } from '../grafana/grafana';
import type { Jaeger } from '../jaeger/jaeger';
import type { LogShipper } from '../log-shipper/log-shipper';
import type { Loki } from '../loki/loki';
import type { OtelCollector } from '../otel-collector/otel-collector';
import type { Prometheus } from '../prometheus/prometheus';
import { ComponentNetworkPolicy } from './component-network-policy';
import { IngressRule, NetworkPeer, PolicyPort } from './network-peer';
import { PodLabels, PodSelectors } from './pod-selectors';

/** Props of {@link MonitoringNetworkPolicies}: the components of one stack (each optional). */
export interface MonitoringNetworkPoliciesProps {
  /** Namespace of the components (and of the policies); the policies wait for it when this program creates it. */
  readonly namespace: NamespaceProp;
  /** The stack's Prometheus (with its operator and exporters); no policy for it when absent. @default none */
  readonly prometheus?: Prometheus;
  /** The stack's Alertmanager; no policy for it when absent. @default none */
  readonly alertmanager?: Alertmanager;
  /**
   * The stack's Grafana (reachable through the ingress controller when it has an Ingress); no policy for it when absent.
   * @default none
   */
  readonly grafana?: Grafana;
  /** The stack's Loki; no policy for it when absent. @default none */
  readonly loki?: Loki;
  /** The stack's log shipper; no policy for it when absent. @default none */
  readonly logShipper?: LogShipper;
  /** The stack's Jaeger; no policy for it when absent. @default none */
  readonly jaeger?: Jaeger;
  /** The stack's OpenTelemetry collector; no policy for it when absent. @default none */
  readonly otelCollector?: OtelCollector;
  /** The stack's Datadog agent; no policy for it when absent. @default none */
  readonly datadog?: DatadogAgent;
}

/** Namespace of the ingress controller when Grafana's ingress does not name one. */
export const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const tcp = (...ports: number[]): PolicyPort[] => ports.map((port) => ({ port }));

/**
 * The stack's ingress NetworkPolicies: a default deny for the namespace, then per component only
 * the peers that need it (the table in docs/security.md). Prometheus may reach every component's
 * metrics port; kubelet probes are not pod traffic and pass on the common CNIs.
 */
export class MonitoringNetworkPolicies extends Construct {
  /** The policies by name, for tests and review. */
  public readonly policies: ReadonlyMap<string, ComponentNetworkPolicy>;

  constructor(scope: Construct, id: string, props: MonitoringNetworkPoliciesProps) {
    super(scope, id);
    const namespace = resolveNamespace(props.namespace, this.node.path);
    const policies = new Map<string, ComponentNetworkPolicy>();
    const add = (name: string, podLabels: PodLabels, ingress: IngressRule[], exceptComponents?: string[]) => {
      policies.set(name, new ComponentNetworkPolicy(this, name, { namespace, name, podLabels, ingress, exceptComponents }));
    };
    const { prometheus, alertmanager, grafana, loki, logShipper, jaeger, otelCollector, datadog } = props;
    const peer = {
      prometheus: prometheus && NetworkPeer.pods('Prometheus', PodSelectors.prometheus(prometheus.releaseName)),
      grafana: grafana && NetworkPeer.pods('Grafana', PodSelectors.grafana(grafana.releaseName)),
      loki: loki && NetworkPeer.pods('Loki', PodSelectors.loki(loki.releaseName)),
      alertmanager: alertmanager && NetworkPeer.pods('Alertmanager', PodSelectors.alertmanager(alertmanager.serviceName)),
      fluentBit: logShipper && NetworkPeer.pods('Fluent Bit', PodSelectors.fluentBit(logShipper.releaseName)),
      otelCollector: otelCollector && NetworkPeer.pods('OTel collector', PodSelectors.otelCollector(otelCollector.releaseName)),
      datadogAgent: datadog && NetworkPeer.pods('Datadog agent', PodSelectors.datadogAgent(datadog.releaseName)),
    };
    const present = (...peers: Array<NetworkPeer | undefined>): NetworkPeer[] => peers.filter((p): p is NetworkPeer => p !== undefined);
    // Metrics scraped by Prometheus, when it runs.
    const scrape = (...ports: number[]): IngressRule[] => (peer.prometheus ? [{ from: [peer.prometheus], ports: tcp(...ports) }] : []);

    // Anything of the namespace no other policy allows (hook jobs, a forgotten pod) receives nothing.
    add('default-deny-ingress', {}, []);

    if (prometheus) {
      // The API and the config-reloader, for every pod of the namespace (Grafana, Loki's ruler remote write, peers).
      add('prometheus', PodSelectors.prometheus(prometheus.releaseName), [{ from: [NetworkPeer.sameNamespace()], ports: tcp(9090, 8080) }]);
      // The operator's admission webhook is called by the API server, which is not a pod: any source, that port only.
      add('prometheus-operator', PodSelectors.prometheusOperator(prometheus.releaseName), [{ from: 'anywhere', ports: tcp(10250) }]);
      add('kube-state-metrics', PodSelectors.kubeStateMetrics(prometheus.releaseName), scrape(8080, 8081));
    }
    if (alertmanager) {
      add('alertmanager', PodSelectors.alertmanager(alertmanager.serviceName), [
        { from: present(peer.prometheus, peer.loki, peer.grafana), ports: tcp(9093) },
        // The gossip cluster of the replicas (TCP and UDP).
        { from: present(peer.alertmanager), ports: [{ port: 9093 }, { port: 9094 }, { port: 9094, protocol: 'UDP' }] },
      ]);
    }
    if (grafana) {
      const ingressNamespace = grafana.ingress?.ingressNamespace ?? DEFAULT_INGRESS_NAMESPACE;
      if (!DNS_LABEL.test(ingressNamespace)) {
        throw new ValidationError(this.node.path, `grafana ingress.ingressNamespace ${show(ingressNamespace)} is not a namespace name; name the namespace of the ingress controller, e.g. "ingress-nginx".`);
      }
      add('grafana', PodSelectors.grafana(grafana.releaseName), [
        // Through the ingress controller; without an Ingress, the port is open (port-forward, a LoadBalancer of your own).
        { from: grafana.ingress ? [NetworkPeer.namespace(ingressNamespace)] : 'anywhere', ports: tcp(3000) },
        ...scrape(3000),
        ...(grafana.replicas > 1 ? [{ from: present(peer.grafana), ports: [{ port: 9094 }, { port: 9094, protocol: 'UDP' as const }] }] : []),
      ]);
    }
    if (loki) {
      // Pushes and queries enter through the gateway only.
      add('loki-gateway', PodSelectors.lokiGateway(loki.releaseName), [{ from: present(peer.fluentBit, peer.grafana), ports: tcp(8080) }]);
      // The other Loki pods talk among themselves (HTTP, gRPC, memberlist, memcached) and are scraped.
      add('loki', PodSelectors.loki(loki.releaseName), [{ from: present(peer.loki) }, ...scrape(3100, 9150)], ['gateway']);
    }
    if (logShipper) add('fluent-bit', PodSelectors.fluentBit(logShipper.releaseName), scrape(2020));
    if (jaeger) {
      add('jaeger', PodSelectors.jaeger(jaeger.releaseName), [
        { from: present(peer.otelCollector), ports: tcp(4317, 4318) },
        { from: present(peer.grafana), ports: tcp(16686, 16685) },
        // Remote sampling strategies, fetched by the applications' SDKs wherever they run.
        { from: [NetworkPeer.allNamespaces()], ports: tcp(5778, 5779) },
        ...scrape(8888),
      ]);
    }
    if (otelCollector) {
      // The gateway applications send to, from every namespace.
      add('otel-collector', PodSelectors.otelCollector(otelCollector.releaseName), [{ from: [NetworkPeer.allNamespaces()], ports: tcp(4317, 4318) }, ...scrape(8888, 8889)]);
    }
    if (datadog) {
      add('datadog-cluster-agent', PodSelectors.datadogClusterAgent(datadog.releaseName), [
        { from: present(peer.datadogAgent), ports: tcp(5005) },
        // The admission controller's webhook, called by the API server.
        { from: 'anywhere', ports: tcp(8000) },
      ]);
      // DogStatsD, APM and OTLP intake (through the node-local Service), from applications anywhere.
      add('datadog-agent', PodSelectors.datadogAgent(datadog.releaseName), [
        { from: [NetworkPeer.allNamespaces()], ports: [{ port: 8125, protocol: 'UDP' }, { port: 8126 }, { port: 4317 }, { port: 4318 }] },
      ]);
    }
    this.policies = policies;
  }
}
