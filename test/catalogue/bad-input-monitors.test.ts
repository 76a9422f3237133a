/**
 * Bad-input catalogue: the scrape objects (ServiceMonitor, PodMonitor, Probe, ScrapeConfig) — selectors,
 * ports by name, intervals and timeouts, relabelings, namespace selectors, targets.
 */
import { PodMonitor, Probe, ScrapeConfig, ServiceMonitor } from '../../lib';
import { BadInputCase, catalogue, untyped } from './expect-clear-error';
import { prometheus } from './fixtures';

const P = 'monitoring-test/checkout';
const selector = { matchLabels: { 'app.kubernetes.io/name': 'checkout' } };

function serviceMonitor(overrides: Record<string, unknown> = {}) {
  const p = prometheus();
  return new ServiceMonitor(p.node.scope!, 'checkout', { prometheus: p, namespace: 'shop', selector, endpoints: [{ port: 'http-metrics' }], ...overrides } as never);
}
function podMonitor(overrides: Record<string, unknown> = {}) {
  const p = prometheus();
  return new PodMonitor(p.node.scope!, 'checkout', { prometheus: p, namespace: 'shop', selector, endpoints: [{ port: 'metrics' }], ...overrides } as never);
}
function probe(overrides: Record<string, unknown> = {}) {
  const p = prometheus();
  return new Probe(p.node.scope!, 'checkout', { prometheus: p, namespace: 'shop', proberAddress: 'blackbox.monitoring.svc:9115', module: 'http_2xx', targets: ['https://shop.example.com/healthz'], ...overrides } as never);
}
function scrapeConfig(overrides: Record<string, unknown> = {}) {
  const p = prometheus();
  return new ScrapeConfig(p.node.scope!, 'checkout', { prometheus: p, namespace: 'shop', staticConfigs: [{ targets: ['db.example.com:9187'] }], ...overrides } as never);
}
const endpoint = (e: Record<string, unknown>) => serviceMonitor({ endpoints: [{ port: 'http-metrics', ...e }] });

const MONITORS: BadInputCase[] = [
  ['ServiceMonitor', 'selector label key with a space', () => serviceMonitor({ selector: { matchLabels: { 'app name': 'checkout' } } }), [P, '"app name"', 'app.kubernetes.io/name']],
  ['ServiceMonitor', 'selector label value with a slash', () => serviceMonitor({ selector: { matchLabels: { app: 'shop/checkout' } } }), [P, '"shop/checkout"', 'label value']],
  ['ServiceMonitor', 'empty selector (would scrape every Service)', () => serviceMonitor({ selector: {} }), [P, 'selector {}', 'matchLabels']],
  ['ServiceMonitor', 'selector as a string (from JS)', () => serviceMonitor({ selector: untyped('app=checkout') }), [P, '"app=checkout"', 'matchLabels']],
  ['ServiceMonitor', 'NotIn without values', () => serviceMonitor({ selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn' }] } }), [P, 'NotIn', 'values']],
  ['ServiceMonitor', 'Exists with values', () => serviceMonitor({ selector: { matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['web'] }] } }), [P, 'Exists', 'leave values out']],
  ['ServiceMonitor', 'port given as a number', () => endpoint({ port: 9090 }), [P, 'port 9090', 'e.g. "http-metrics"']],
  ['ServiceMonitor', 'port name in upper case', () => endpoint({ port: 'HTTP' }), [P, '"HTTP"', 'lowercase']],
  ['ServiceMonitor', 'port name of digits only', () => endpoint({ port: '8080' }), [P, '"8080"', 'with a letter']],
  ['ServiceMonitor', 'scrapeTimeout longer than interval', () => endpoint({ interval: '10s', scrapeTimeout: '30s' }), [P, 'scrapeTimeout "30s"', 'interval "10s"', 'at most 10s']],
  ['ServiceMonitor', 'interval of zero', () => endpoint({ interval: '0s' }), [P, '"0s"', 'positive duration']],
  ['ServiceMonitor', 'interval in words', () => endpoint({ interval: '1 minute' }), [P, '"1 minute"', 'e.g. "30s"']],
  ['ServiceMonitor', 'relabel regex with a lookahead', () => endpoint({ relabelings: [{ sourceLabels: ['__name__'], regex: 'go_(?!gc).*', action: 'keep' }] }), [P, '"go_(?!gc).*"', 'RE2']],
  ['ServiceMonitor', 'relabel regex with an unclosed class', () => endpoint({ metricRelabelings: [{ sourceLabels: ['__name__'], regex: 'go_[a-z', action: 'drop' }] }), [P, '"go_[a-z"', 'add "]"']],
  ['ServiceMonitor', 'unknown relabel action', () => endpoint({ relabelings: [{ sourceLabels: ['__name__'], action: 'rename' }] }), [P, '"rename"', '"replace"']],
  ['ServiceMonitor', 'relabel target label with a dot', () => endpoint({ relabelings: [{ sourceLabels: ['__meta_kubernetes_service_name'], targetLabel: 'k8s.service' }] }), [P, '"k8s.service"', 'e.g. "service"']],
  ['ServiceMonitor', 'labeldrop with sourceLabels', () => endpoint({ relabelings: [{ sourceLabels: ['pod'], regex: 'pod', action: 'labeldrop' }] }), [P, 'labeldrop', 'remove sourceLabels']],
  ['ServiceMonitor', 'namespaceSelector that selects nothing', () => serviceMonitor({ namespaceSelector: {} }), [P, 'namespaceSelector {}', '{ any: true }']],
  ['ServiceMonitor', 'namespaceSelector names a namespace in capitals', () => serviceMonitor({ namespaceSelector: { matchNames: ['Shop'] } }), [P, '"Shop"', 'e.g. "shop"']],
  ['ServiceMonitor', 'name too long for the Helm release', () => serviceMonitor({ name: 'checkout-'.repeat(5) }), [P, 'checkout-checkout', "Helm's 53 characters"]],
  ['ServiceMonitor', 'prometheus missing (from JS)', () => serviceMonitor({ prometheus: undefined }), [P, 'prometheus undefined', 'Prometheus construct']],
  ['PodMonitor', 'no endpoints', () => podMonitor({ endpoints: [] }), [P, 'endpoints []', 'e.g. endpoints: [{ port: "http-metrics" }]']],
  ['PodMonitor', 'hashmod without modulus', () => podMonitor({ endpoints: [{ port: 'metrics', relabelings: [{ sourceLabels: ['__address__'], targetLabel: 'shard', action: 'hashmod' }] }] }), [P, 'hashmod', 'modulus']],
  ['Probe', 'prober address with a scheme', () => probe({ proberAddress: 'http://blackbox:9115' }), [P, '"http://blackbox:9115"', 'no scheme']],
  ['Probe', 'no targets', () => probe({ targets: [] }), [P, 'targets []', 'at least one']],
  ['Probe', 'timeout longer than interval', () => probe({ interval: '30s', scrapeTimeout: '1m' }), [P, 'scrapeTimeout "1m"', 'at most 30s']],
  ['ScrapeConfig', 'target with a scheme', () => scrapeConfig({ staticConfigs: [{ targets: ['http://db.example.com:9187'] }] }), [P, '"http://db.example.com:9187"', 'host:port']],
  ['ScrapeConfig', 'label name with a dash', () => scrapeConfig({ staticConfigs: [{ targets: ['db.example.com:9187'], labels: { 'db-name': 'orders' } }] }), [P, '"db-name"', 'label name']],
];

catalogue('bad input: scrape objects', MONITORS);
