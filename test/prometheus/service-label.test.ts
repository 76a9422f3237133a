import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { MonitoringStack, ReviewArtifacts } from '../../lib';
import { toYaml } from '../../lib/core/yaml';
import { annotationScrapeConfigs } from '../../lib/prometheus/annotation-scrape-configs';
import { prod } from '../../stacks/prod';
import { promtoolTestRules } from '../rules/rules-test-support';
import { recordToolVerdict } from '../support/tool-log';
import { describeWithTool, findTool, writeTempFiles } from '../support/tools';

/*
 * Issue 19, acceptance: "the seed packs' `service` label is present on series discovered through
 * annotations and through the typed monitors", and "CertificateExpiringSoon has its metric".
 *
 * How: Debian's real `prometheus` binary (scripts/install-tools.sh) runs the relabel configs this
 * library generates against targets served by a local HTTP server, and the test reads the stored series
 * back through Prometheus's query API. Kubernetes discovery cannot run here, so each target is handed to
 * Prometheus through file_sd with the `__meta_kubernetes_*` labels that kubernetes_sd would attach; the
 * relabeling, honor_labels and metric relabeling are Prometheus's own.
 *
 * - Annotation discovery: the two jobs of annotationScrapeConfigs() exactly as generated, only
 *   `kubernetes_sd_configs` swapped for `file_sd_configs`.
 * - Typed monitors (the environment's `services` ServiceMonitor and the `probes` Probe): the operator turns
 *   the objects into scrape configs; the operator is not run here, so its generated prefix is written
 *   out from its own golden test files (prometheus-operator pkg/prometheus/testdata/GenerateRelabelConfig.golden
 *   for a ServiceMonitor endpoint, ProbeStaticTargetsConfigGenerationWithJobName.golden for a static
 *   Probe; sharding steps left out), followed by the relabelings and static labels of OUR objects as
 *   synthesized from the prod example. The prober address is the local server instead of the exporter.
 * - The probe's stored series (its labels as Prometheus stored them) then feed `promtool test rules` with
 *   the prod stack's own dependencies rule file: CertificateExpiringSoon fires on them.
 */

type Obj = Record<string, any>;

/** kubernetes_sd's meta label for a Kubernetes label key. */
const meta = (prefix: string, key: string) => `${prefix}${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
/** CRD camelCase relabelings → Prometheus snake_case. */
const snake = (relabel: Obj): Obj => Object.fromEntries(Object.entries(relabel).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));

// The certificate of every probed endpoint expires 10 days after the Unix epoch start promtool uses.
const CERT_EXPIRY = 864000;

/** The metrics of the local "applications" and of the local "blackbox exporter". */
function handler(seen: string[]) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    seen.push(url.pathname + url.search);
    const text = (lines: string[]) => {
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      response.end(`${lines.join('\n')}\n`);
    };
    switch (url.pathname) {
      // An application that sets its own `service` label (the seeds' http metrics do), plus one series without.
      case '/metrics/own-service':
        return text(['http_requests_total{service="api-gateway-app",status_code="200"} 7', 'process_open_fds 12']);
      case '/metrics':
      case '/metrics/plain':
        return text(['http_requests_total{status_code="200"} 3', 'process_open_fds 5']);
      case '/probe':
        if (url.searchParams.get('module') !== 'http_2xx' || !url.searchParams.get('target')?.startsWith('https://')) {
          response.writeHead(400);
          return response.end('bad probe request\n');
        }
        return text(['probe_success 1', `probe_ssl_earliest_cert_expiry ${CERT_EXPIRY}`]);
      default:
        response.writeHead(404);
        return response.end();
    }
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function query(base: string, promql: string): Promise<Obj[]> {
  const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as Obj;
  return body.status === 'success' ? body.data.result : [];
}

/** Polls until `promql` returns at least `count` series (Prometheus scrapes every 200 ms here). */
async function eventually(base: string, promql: string, count = 1, timeoutMs = 40_000): Promise<Obj[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const result = await query(base, promql);
      if (result.length >= count) return result;
    } catch {
      // Prometheus still starting
    }
    if (Date.now() > deadline) throw new Error(`no ${count} series for ${promql} within ${timeoutMs} ms`);
    // A local query is cheap: poll often so the wait ends soon after the series are stored.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithTool('prometheus', 'the `service` label under Prometheus\'s own relabeling', () => {
  const seen: string[] = [];
  const app = createServer(handler(seen));
  let prometheus: ChildProcess | undefined;
  let base = '';
  let log = '';
  let stack: MonitoringStack;

  beforeAll(async () => {
    stack = new MonitoringStack(Testing.app(), prod);
    const port = await listen(app);
    const target = `127.0.0.1:${port}`;
    const dir = writeTempFiles({});
    mkdirSync(join(dir, 'data'));
    const sd = (name: string, groups: Obj[]) => {
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(groups));
      return [{ files: [join(dir, `${name}.json`)], refresh_interval: '1s' }];
    };

    // 1. Annotation discovery, as generated.
    const [podsJob, endpointsJob] = annotationScrapeConfigs({ sampleLimit: 1000, labelLimit: 64 }).map(({ kubernetes_sd_configs: _sd, ...job }) => job as Obj);
    const svcAnn = '__meta_kubernetes_service_annotation_prometheus_io_';
    const podAnn = '__meta_kubernetes_pod_annotation_prometheus_io_';
    endpointsJob.file_sd_configs = sd('endpoints', [{
      // kubernetes_sd's __address__ is the endpoint's ip:port; the port annotation replaces the port.
      targets: ['127.0.0.1:1'],
      labels: {
        [`${svcAnn}scrape`]: 'true', [`${svcAnn}port`]: String(port), [`${svcAnn}path`]: '/metrics/own-service',
        __meta_kubernetes_namespace: 'mindweave-services', __meta_kubernetes_service_name: 'api-gateway', __meta_kubernetes_pod_name: 'api-gateway-7d9f',
      },
    }]);
    podsJob.file_sd_configs = sd('pods', [
      {
        targets: ['127.0.0.1:1'],
        labels: {
          [`${podAnn}scrape`]: 'true', [`${podAnn}port`]: String(port), [`${podAnn}path`]: '/metrics/plain',
          __meta_kubernetes_namespace: 'mindweave-services', __meta_kubernetes_pod_name: 'usage-tracker-5c4b', __meta_kubernetes_pod_phase: 'Running',
          [meta('__meta_kubernetes_pod_label_', 'app.kubernetes.io/name')]: 'usage-tracker',
        },
      },
      {
        // A pod without app.kubernetes.io/name: scraped, without a `service` label (never an empty one).
        targets: ['127.0.0.1:2'],
        labels: {
          [`${podAnn}scrape`]: 'true', [`${podAnn}port`]: String(port), [`${podAnn}path`]: '/metrics/plain',
          __meta_kubernetes_namespace: 'batch', __meta_kubernetes_pod_name: 'nightly-job-x1', __meta_kubernetes_pod_phase: 'Running',
        },
      },
    ]);

    // 2. The prod example's ServiceMonitor for api-gateway, behind the operator's generated prefix.
    const monitor = stack.serviceMonitors.find((m) => (m.manifest as Obj).metadata.name === 'svc-api-gateway')!.manifest as Obj;
    const endpoint = monitor.spec.endpoints[0];
    const [[selectorKey, selectorValue]] = Object.entries(monitor.spec.selector.matchLabels as Record<string, string>);
    // The discovery labels of a pod behind the Service. The Kubernetes Service is named differently from
    // the environment's service entry on purpose.
    const gatewayEndpoint = (pod: string): Record<string, string> => ({
      __meta_kubernetes_namespace: 'mindweave-services',
      __meta_kubernetes_service_name: 'gateway-v2',
      [meta('__meta_kubernetes_service_label_', selectorKey)]: selectorValue,
      [meta('__meta_kubernetes_service_labelpresent_', selectorKey)]: 'true',
      __meta_kubernetes_endpoint_port_name: endpoint.port,
      __meta_kubernetes_pod_name: pod, __meta_kubernetes_pod_container_name: 'gateway',
    });
    const serviceMonitorJob = {
      job_name: `serviceMonitor/${monitor.metadata.namespace}/${monitor.metadata.name}/0`,
      honor_labels: false,
      metrics_path: endpoint.path,
      file_sd_configs: sd('service-monitor', [{
        targets: [target],
        labels: gatewayEndpoint('gateway-v2-abc'),
      }, {
        // A pod of the same Service annotated prometheus.io/scrape: annotation discovery scrapes it, so the
        // ServiceMonitor must drop it (else every series would be stored twice).
        targets: ['127.0.0.1:3'],
        labels: { ...gatewayEndpoint('gateway-v2-annotated'), __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true' },
      }]),
      relabel_configs: [
        // prometheus-operator's prefix (GenerateRelabelConfig.golden): selector, port, standard target labels.
        { source_labels: ['job'], target_label: '__tmp_prometheus_job_name' },
        { action: 'keep', source_labels: [meta('__meta_kubernetes_service_label_', selectorKey), meta('__meta_kubernetes_service_labelpresent_', selectorKey)], regex: `(${selectorValue});true` },
        { action: 'keep', source_labels: ['__meta_kubernetes_endpoint_port_name'], regex: endpoint.port },
        { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
        { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
        { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
        { source_labels: ['__meta_kubernetes_service_name'], target_label: 'job', replacement: '${1}' },
        { target_label: 'endpoint', replacement: endpoint.port },
        // …then the endpoint's own relabelings, as this library synthesized them.
        ...(endpoint.relabelings as Obj[]).map(snake),
      ],
    };

    // 3. The prod example's Probe of the public Grafana, behind the operator's generated config.
    const probe = stack.probes.find((p) => (p.manifest as Obj).spec.targets.staticConfig.static.includes('https://grafana.example.com/api/health'))!.manifest as Obj;
    const probeJob = {
      job_name: `probe/${probe.metadata.namespace}/${probe.metadata.name}`,
      metrics_path: '/probe',
      params: { module: [probe.spec.module] },
      static_configs: [{ targets: probe.spec.targets.staticConfig.static, labels: { ...probe.spec.targets.staticConfig.labels, namespace: probe.metadata.namespace } }],
      metric_relabel_configs: ((probe.spec.metricRelabelings ?? []) as Obj[]).map(snake),
      relabel_configs: [
        { source_labels: ['job'], target_label: '__tmp_prometheus_job_name' },
        { target_label: 'job', replacement: probe.spec.jobName },
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['__param_target'], target_label: 'instance' },
        // The operator writes the Probe's prober.url here; the local server plays the exporter.
        { target_label: '__address__', replacement: target },
      ],
    };

    const config = {
      // Short: the first series come one interval sooner (a failed scrape only delays the polls below).
      global: { scrape_interval: '200ms', scrape_timeout: '200ms', evaluation_interval: '1s' },
      scrape_configs: [podsJob, endpointsJob, serviceMonitorJob, probeJob],
    };
    writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));
    const webPort = await freePort();
    base = `http://127.0.0.1:${webPort}`;
    // Never cached: the process is one verdict that ran (tool-log.ts).
    recordToolVerdict('prometheus', 'ran');
    prometheus = spawn(findTool('prometheus')!, [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${webPort}`, '--log.level=warn',
    ]);
    prometheus.stderr?.on('data', (chunk) => { log += String(chunk); });
    prometheus.on('exit', (code) => { log += `\n[prometheus exited ${code}]`; });
  }, 30_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await new Promise((resolve) => app.close(resolve));
  });

  const series = async (promql: string, count = 1) => {
    try {
      return (await eventually(base, promql, count)).map((s) => s.metric as Record<string, string>);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nprometheus log:\n${log}\nrequests: ${[...new Set(seen)].join(', ')}`);
    }
  };

  test('annotated Service endpoints: `service` is the Service name on every series, and an application\'s own `service` wins', async () => {
    const up = await series('up{job="kubernetes-service-endpoints"} == 1');
    expect(up).toEqual([expect.objectContaining({ service: 'api-gateway', kubernetes_service: 'api-gateway', namespace: 'mindweave-services', pod: 'api-gateway-7d9f' })]);
    const fds = await series('process_open_fds{job="kubernetes-service-endpoints"}');
    expect(fds[0].service).toBe('api-gateway');
    // honor_labels stays false; the application's `service` is moved back from exported_service.
    const requests = await series('http_requests_total{job="kubernetes-service-endpoints"}');
    expect(requests).toEqual([expect.objectContaining({ service: 'api-gateway-app', status_code: '200' })]);
    expect(requests[0].exported_service).toBeUndefined();
    expect(await query(base, '{exported_service!=""}')).toEqual([]);
  }, 60_000);

  test('annotated pods: `service` from app.kubernetes.io/name; a pod without that label gets none, not an empty one', async () => {
    const up = await series('up{job="kubernetes-pods"} == 1', 2);
    const byPod = Object.fromEntries(up.map((s) => [s.pod, s]));
    expect(byPod['usage-tracker-5c4b']).toMatchObject({ service: 'usage-tracker', app: 'usage-tracker' });
    expect(byPod['nightly-job-x1']).toBeDefined();
    expect(byPod['nightly-job-x1'].service).toBeUndefined();
    expect((await series('http_requests_total{job="kubernetes-pods", pod="usage-tracker-5c4b"}'))[0].service).toBe('usage-tracker');
  }, 60_000);

  test('the environment\'s ServiceMonitor: `service` is the entry\'s name, not the Kubernetes Service\'s', async () => {
    const up = await series('up{endpoint="http-metrics"} == 1');
    expect(up).toEqual([expect.objectContaining({ service: 'api-gateway', job: 'gateway-v2', namespace: 'mindweave-services', pod: 'gateway-v2-abc' })]);
    // the annotated pod is left to annotation discovery: not a target of the ServiceMonitor at all
    const targets = await (await fetch(`${base}/api/v1/targets?state=any`)).json() as Obj;
    const dropped = (targets.data.droppedTargets as Obj[]).filter((t) => t.discoveredLabels.__meta_kubernetes_pod_name === 'gateway-v2-annotated');
    expect(dropped).toHaveLength(1);
    expect((targets.data.activeTargets as Obj[]).some((t) => t.discoveredLabels.__meta_kubernetes_pod_name === 'gateway-v2-annotated')).toBe(false);
    // the series the seed packs and the service dashboard select
    const fds = await series('process_open_fds{service="api-gateway", job="gateway-v2"}');
    expect(fds).toHaveLength(1);
  }, 60_000);

  test('the prod Probe stores probe_ssl_earliest_cert_expiry with its job, instance, namespace and service, and CertificateExpiringSoon fires on it (promtool)', async () => {
    const [expiry] = await series('probe_ssl_earliest_cert_expiry');
    const { __name__: _name, ...labels } = expiry;
    expect(labels).toEqual({ job: 'grafana', instance: 'https://grafana.example.com/api/health', namespace: 'monitoring', service: 'grafana' });
    expect(seen.some((request) => request.startsWith('/probe?') && request.includes('target=https%3A%2F%2Fgrafana.example.com%2Fapi%2Fhealth'))).toBe(true);
    // `up` of the probe (0 would mean the exporter is unreachable) carries no `service`: ServiceDown cannot blame Grafana
    const [up] = await series('up{job="grafana"}');
    expect(up).toMatchObject({ instance: 'https://grafana.example.com/api/health', namespace: 'monitoring' });
    expect(up.service).toBeUndefined();

    // The prod stack's own rule file, as deployed.
    const ruleFile = ReviewArtifacts.of(stack).render().get('rules/dependencies.yaml')!;
    const rule = (parse(ruleFile).groups as Obj[]).flatMap((g) => g.rules).find((r: Obj) => r.alert === 'CertificateExpiringSoon');
    expect(rule).toBeDefined();
    const selector = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
    const ok = promtoolTestRules(ruleFile, [{
      name: 'the Probe\'s series',
      interval: '1m',
      // 10 days left at the start (CERT_EXPIRY), 9.9 days at 144m; the alert's `for` is 1h.
      input_series: [{ series: `probe_ssl_earliest_cert_expiry{${selector}}`, values: `${CERT_EXPIRY}x200` }],
      alert_rule_test: [
        { eval_time: '59m', alertname: 'CertificateExpiringSoon', exp_alerts: [] },
        {
          eval_time: '144m',
          alertname: 'CertificateExpiringSoon',
          exp_alerts: [{
            exp_labels: { ...rule.labels, ...labels },
            exp_annotations: {
              ...rule.annotations,
              summary: 'TLS certificate of https://grafana.example.com/api/health expires soon',
              description: 'The certificate of https://grafana.example.com/api/health expires in 9.9 days (threshold 30 days).',
            },
          }],
        },
      ],
    }, {
      name: 'a certificate with 60 days left stays silent',
      interval: '1m',
      input_series: [{ series: `probe_ssl_earliest_cert_expiry{${selector}}`, values: `${60 * 86400}x200` }],
      alert_rule_test: [{ eval_time: '144m', alertname: 'CertificateExpiringSoon', exp_alerts: [] }],
    }]);
    expect(ok.output).toContain('SUCCESS');
    expect(ok.status).toBe(0);
  }, 60_000);
});
