import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { toYaml } from '../../lib/core/yaml';
import { AlertmanagerConfig, Receiver, SecretFile, SeverityPolicy } from '../../lib/alertmanager';
import { recordToolVerdict } from '../support/tool-log';
import { describeWithTool, findTool } from '../support/tools';

/**
 * Real prometheus 2.42 and prometheus-alertmanager 0.25 on loopback, configured by the severity
 * policy. A local metrics endpoint makes rules fire; a local HTTP sink stands in for Slack,
 * PagerDuty and the low-priority webhook. Proves delivery (right receiver, labels, links, secret
 * files read) and inhibition (muted alerts reach Alertmanager but no receiver).
 */

interface Delivery {
  readonly path: string;
  readonly body: any;
}

const RUNBOOK = 'https://runbooks.example.com/service-down';
const DASHBOARD = 'https://grafana.example.com/d/services';

const METRICS = [
  '# TYPE test_service_up gauge',
  'test_service_up{namespace="shop",service="checkout"} 0',
  '# TYPE test_latency_seconds gauge',
  'test_latency_seconds{namespace="shop",service="checkout"} 3',
  '# TYPE test_error_ratio gauge',
  'test_error_ratio{namespace="pay",service="payments"} 0.5',
  // Warning level (above 0.05, below the critical 0.1): checkout's is muted by its ServiceDown, cart's
  // (another service of the same namespace) is not.
  'test_error_ratio{namespace="shop",service="checkout"} 0.07',
  'test_error_ratio{namespace="shop",service="cart"} 0.07',
  '# TYPE test_disk_free_ratio gauge',
  'test_disk_free_ratio{namespace="pay",service="db"} 0.05',
  '# TYPE test_queue_depth gauge',
  'test_queue_depth{namespace="pay",service="payments"} 500',
  '',
].join('\n');

function rule(alert: string, expr: string, severity: string, extra: Record<string, string> = {}) {
  return {
    alert,
    expr,
    labels: { severity, team: 'platform', ...extra },
    annotations: { summary: `${alert} (${severity})`, runbook_url: RUNBOOK, dashboard_url: DASHBOARD },
  };
}

const RULES = {
  groups: [
    {
      name: 'e2e',
      rules: [
        rule('ServiceDown', 'test_service_up == 0', 'critical'),
        // Inhibited by ServiceDown (High.* of the same namespace and service).
        rule('HighLatency', 'test_latency_seconds > 1', 'warning'),
        rule('HighErrorRate', 'test_error_ratio > 0.1', 'critical'),
        // payments: inhibited by the critical HighErrorRate (same alertname and service); checkout: by
        // ServiceDown; cart: not inhibited (its namespace has a ServiceDown, but of another service).
        rule('HighErrorRate', 'test_error_ratio > 0.05', 'warning'),
        // Not inhibited: proves warnings do get through.
        rule('DiskFilling', 'test_disk_free_ratio < 0.1', 'warning'),
        rule('QueueGrowing', 'test_queue_depth > 100', 'info'),
      ],
    },
  ],
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Alertmanager's group_interval here: the quiet period at the end is counted in these. */
const GROUP_INTERVAL_MS = 500;

async function waitFor<T>(what: string, deadline: number, probe: () => Promise<T | undefined> | T | undefined, logs: () => string): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs()}`);
    // Local HTTP calls are cheap: poll often so a wait ends soon after its condition holds.
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function getJson(url: string): Promise<any | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

describeWithTool('prometheus-alertmanager', 'end to end', () => describeWithTool('prometheus', 'prometheus → alertmanager → receivers', () => {
  const alertmanagerBinary = findTool('prometheus-alertmanager');
  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const deliveries: Delivery[] = [];
  const output: string[] = [];
  let dir = '';
  let alertmanagerUrl = '';
  let config: AlertmanagerConfig;

  const killAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const logs = () => `deliveries: ${JSON.stringify(deliveries.map((d) => d.path))}\n--- process output (tail) ---\n${output.join('').slice(-4000)}`;

  beforeAll(async () => {
    if (!alertmanagerBinary) throw new Error('prometheus-alertmanager is not installed');
    process.once('exit', killAll);
    dir = mkdtempSync(join(tmpdir(), 'alertmanager-e2e-'));

    // The sink: every POST is a delivery, keyed by path (which receiver sent it).
    const sink = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ path: req.url ?? '', body: JSON.parse(body || 'null') });
        res.writeHead(req.url === '/pagerduty' ? 202 : 200, { 'content-type': 'application/json' });
        res.end(req.url === '/pagerduty' ? '{"status":"success","dedup_key":"x"}' : 'ok');
      });
    });
    const metrics = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(METRICS);
    });
    servers.push(sink.server, metrics.server);
    const sinkUrl = `http://127.0.0.1:${sink.port}`;

    // Secrets as the pod would see them: one directory per Secret, one file per key.
    const secrets = join(dir, 'secrets');
    mkdirSync(join(secrets, 'alertmanager-slack'), { recursive: true });
    mkdirSync(join(secrets, 'alertmanager-pagerduty'), { recursive: true });
    writeFileSync(join(secrets, 'alertmanager-slack', 'platform-webhook'), `${sinkUrl}/slack/platform`);
    writeFileSync(join(secrets, 'alertmanager-slack', 'general-webhook'), `${sinkUrl}/slack/general`);
    writeFileSync(join(secrets, 'alertmanager-pagerduty', 'platform'), 'e2e-routing-key');

    // group_wait stays 1s: it lets the inhibiting alerts arrive before the first flush.
    const fast = { groupWait: '1s', groupInterval: `${GROUP_INTERVAL_MS}ms`, repeatInterval: '1h' };
    config = SeverityPolicy.create({
      teams: [
        {
          name: 'platform',
          channel: '#platform-alerts',
          slack: SecretFile.from('alertmanager-slack', 'platform-webhook'),
          pagerDuty: SecretFile.from('alertmanager-pagerduty', 'platform'),
        },
      ],
      lowPriority: Receiver.webhook('low-priority', { url: `${sinkUrl}/low` }),
      defaultReceiver: Receiver.slack('default', { channel: '#alerts-general', apiUrl: SecretFile.from('alertmanager-slack', 'general-webhook') }),
      global: { pagerDutyUrl: `${sinkUrl}/pagerduty` },
      timings: { critical: fast, warning: fast, info: fast, default: fast },
      secretsDirectory: secrets,
      templatesDirectory: dir,
    });
    for (const [name, text] of Object.entries(config.templates())) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'alertmanager.yaml'), config.render());

    const [amPort, promPort] = [await freePort(), await freePort()];
    alertmanagerUrl = `http://127.0.0.1:${amPort}`;
    writeFileSync(join(dir, 'rules.yaml'), toYaml(RULES));
    writeFileSync(
      join(dir, 'prometheus.yaml'),
      toYaml({
        // Short intervals: nothing here depends on them, and each costs up to one interval before the first
        // alert. The scrape timeout (= the interval) stays ample: a failed scrape would resolve the alerts.
        global: { scrape_interval: '500ms', evaluation_interval: '200ms' },
        rule_files: [join(dir, 'rules.yaml')],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        scrape_configs: [{ job_name: 'app', static_configs: [{ targets: [`127.0.0.1:${metrics.port}`] }] }],
      }),
    );

    const start = (binary: string, args: string[]) => {
      // Never cached: each process is one verdict that ran (tool-log.ts).
      recordToolVerdict(basename(binary), 'ran');
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d) => output.push(String(d)));
      child.stderr!.on('data', (d) => output.push(String(d)));
      children.push(child);
      return child;
    };
    start(alertmanagerBinary, [
      `--config.file=${join(dir, 'alertmanager.yaml')}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ]);
    // Started together: Prometheus hands its first targets and Alertmanagers over only after its
    // discovery's fixed 5 s tick, long after Alertmanager (checked next) is ready.
    start('prometheus', [
      `--config.file=${join(dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${join(dir, 'prom-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);
    await waitFor('alertmanager ready', Date.now() + 15_000, async () => ((await fetch(`${alertmanagerUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined), logs);
  }, 30_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
      clearTimeout(timer);
    }
    killAll();
    process.removeListener('exit', killAll);
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('notifications reach the policy receivers with labels and links; inhibited alerts reach nobody', async () => {
    const deadline = Date.now() + 40_000;
    const slackTitles = () => deliveries.filter((d) => d.path === '/slack/platform').map((d) => String(d.body?.attachments?.[0]?.title ?? ''));
    const pages = () => deliveries.filter((d) => d.path === '/pagerduty');

    // WHEN the rules fire, THEN critical alerts page (routing key read from the secret file) ...
    await waitFor('two pages', deadline, () => (pages().length >= 2 ? true : undefined), logs);
    const pageSummaries = pages().map((p) => String(p.body.payload.summary)).sort();
    expect(pageSummaries[0]).toContain('HighErrorRate (critical) service=payments namespace=pay');
    expect(pageSummaries[1]).toContain('ServiceDown (critical) service=checkout namespace=shop');
    for (const page of pages()) {
      expect(page.body.routing_key).toBe('e2e-routing-key');
      expect(page.body.payload.severity).toBe('critical');
      expect(page.body.payload.custom_details.runbook_url).toBe(RUNBOOK);
      expect(page.body.payload.custom_details.dashboard_url).toBe(DASHBOARD);
    }

    // ... critical and warning alerts reach the team's Slack channel (URL read from the secret file) ...
    await waitFor('four Slack messages', deadline, () => (slackTitles().length >= 4 ? true : undefined), logs);
    expect(slackTitles().sort()).toEqual([
      '[FIRING:1] DiskFilling (warning) service=db namespace=pay',
      '[FIRING:1] HighErrorRate (critical) service=payments namespace=pay',
      // A ServiceDown of checkout does not mute cart's errors, although both are in namespace shop.
      '[FIRING:1] HighErrorRate (warning) service=cart namespace=shop',
      '[FIRING:1] ServiceDown (critical) service=checkout namespace=shop',
    ]);
    const serviceDown = deliveries.find((d) => d.path === '/slack/platform' && String(d.body.attachments[0].title).includes('ServiceDown'))!;
    expect(serviceDown.body.channel).toBe('#platform-alerts');
    expect(serviceDown.body.attachments[0].color).toBe('danger');
    expect(serviceDown.body.attachments[0].text).toContain(`*Runbook:* <${RUNBOOK}|`);
    expect(serviceDown.body.attachments[0].text).toContain(`*Dashboard:* <${DASHBOARD}|`);
    expect(serviceDown.body.attachments[0].text).toContain('`team=platform`');

    // ... info goes to the low-priority receiver with its labels.
    const low = await waitFor('the info notification', deadline, () => deliveries.find((d) => d.path === '/low'), logs);
    expect(low.body.receiver).toBe('low-priority');
    expect(low.body.alerts.map((a: any) => a.labels.alertname)).toEqual(['QueueGrowing']);
    expect(low.body.alerts[0].labels).toMatchObject({ severity: 'info', team: 'platform', service: 'payments', namespace: 'pay' });
    expect(low.body.alerts[0].annotations.runbook_url).toBe(RUNBOOK);

    // AND the inhibited alerts are in Alertmanager, marked inhibited by the right source ...
    const alerts = await waitFor(
      'the inhibited alerts in Alertmanager',
      deadline,
      async () => {
        const list = (await getJson(`${alertmanagerUrl}/api/v2/alerts`)) as any[] | undefined;
        const inhibited = (list ?? []).filter((a) => a.status.state === 'suppressed' && a.status.inhibitedBy.length > 0);
        return inhibited.length >= 3 ? list : undefined;
      },
      logs,
    );
    const byKey = (name: string, severity: string, service: string) =>
      alerts.find((a) => a.labels.alertname === name && a.labels.severity === severity && a.labels.service === service);
    const fingerprint = (name: string, severity: string, service: string) => byKey(name, severity, service).fingerprint;
    expect(byKey('HighLatency', 'warning', 'checkout').status.inhibitedBy).toEqual([fingerprint('ServiceDown', 'critical', 'checkout')]);
    expect(byKey('HighErrorRate', 'warning', 'checkout').status.inhibitedBy).toEqual([fingerprint('ServiceDown', 'critical', 'checkout')]);
    expect(byKey('HighErrorRate', 'warning', 'payments').status.inhibitedBy).toEqual([fingerprint('HighErrorRate', 'critical', 'payments')]);
    expect(byKey('HighErrorRate', 'warning', 'cart').status.inhibitedBy).toEqual([]);
    expect(byKey('HighErrorRate', 'warning', 'cart').status.state).toBe('active');
    expect(byKey('ServiceDown', 'critical', 'checkout').status.inhibitedBy).toEqual([]);

    // ... and, several group intervals later, no receiver has heard of them.
    await new Promise((r) => setTimeout(r, 4 * GROUP_INTERVAL_MS));
    const everything = JSON.stringify(deliveries.map((d) => d.body));
    expect(everything).not.toContain('HighLatency');
    expect(slackTitles().filter((t) => t.includes('HighErrorRate (warning)'))).toEqual(['[FIRING:1] HighErrorRate (warning) service=cart namespace=shop']);
    expect(deliveries.filter((d) => d.path === '/slack/general')).toEqual([]);
    expect(pages()).toHaveLength(2);
  }, 50_000);
}));
