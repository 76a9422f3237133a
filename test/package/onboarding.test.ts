import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { sharedChartsPresent, SHARED_CHARTS } from '../support/chart-values';
import { REPO_ROOT, cachedDirectory, cachedJson, contentHash } from '../support/disk-cache';
import { schemaErrors } from '../support/kubernetes-schema';
import { PolicyPod, policiesOf, reachable } from '../support/network-policies';
import { installConsumerProject, packedLibraryKey, packedLibraryTarball, peerDependencySpecs, runChecked } from '../support/packed-library';
import { PodTemplate, podTemplates } from '../support/pod-templates';
import { RenderedRelease, renderCharts } from '../support/rendered-releases';
import { terraformLoads } from '../support/terraform';
import { promtoolTestRules } from '../rules/rules-test-support';
import { describeWithTool, findTool, promtoolCheckRules, renderedDocuments, runTool, toolFingerprint, writeTempFiles } from '../support/tools';

/**
 * docs/onboarding.md as a test: the walkthrough's code blocks, each marked `<!-- onboarding:<file> -->`,
 * are written into a fresh consumer project that installs the PACKED library (npm pack, through
 * test/support/packed-library.ts) with the peers the doc's install line names, compiled with tsc and run.
 * The program's output (cdktf.out: the Terraform JSON and the review files) is cached on disk by a hash
 * of the tarball's sources, the doc and this file (MONITORING_TEST_CACHE=off redoes it). Then the real
 * tools judge it: promtool, amtool (0.25, for what it can read; the Teams block against the 0.34
 * reference), the CRD schemas of the pinned chart, Terraform, and the NetworkPolicies evaluated for the
 * pods the real charts render.
 */

const DOC = 'docs/onboarding.md';
const STACK = 'monitoring-prod';

interface DocBlock {
  /** The file the block is written to, or `install` for the shell block with the install commands. */
  readonly file: string;
  readonly language: string;
  readonly text: string;
}

/** Every fenced block directly after an `<!-- onboarding:<file> -->` comment, in document order. */
function onboardingBlocks(markdown: string): DocBlock[] {
  const marked = /<!-- onboarding:(\S+) -->\n```(\w+)\n([\s\S]*?)\n```\n/g;
  return [...markdown.matchAll(marked)].map((m) => ({ file: m[1], language: m[2], text: `${m[3]}\n` }));
}

/** The package arguments of the doc's `npm install` line (the one without --save-dev). */
function installArguments(blocks: readonly DocBlock[]): string[] {
  const install = blocks.find((b) => b.file === 'install');
  const line = install?.text.split('\n').find((l) => l.startsWith('npm install ') && !l.includes('--save-dev'));
  if (!line) throw new Error(`${DOC} has no "npm install …" line in its <!-- onboarding:install --> block`);
  return line.split(/\s+/).slice(2).filter((arg) => arg !== '');
}

const blocks = onboardingBlocks(readFileSync(join(REPO_ROOT, DOC), 'utf8'));
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/** Writes the doc's blocks into a fresh project that installs `tarball`, compiles step 2 alone, then the whole program, and runs it. */
function buildConsumer(tarball: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'onboarding-'));
  const project = join(work, 'acme-monitoring');
  const tsc = [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'];
  const write = (block: DocBlock) => {
    mkdirSync(dirname(join(project, block.file)), { recursive: true });
    writeFileSync(join(project, block.file), block.text);
  };
  try {
    // GIVEN the doc's install line, with the packed tarball in place of the registry's package
    installConsumerProject(project, 'acme-monitoring', installArguments(blocks).map((arg) => (arg === packageJson.name ? tarball : arg)));

    // AND the files up to the first main.ts (step 2): they compile on their own
    const files = blocks.filter((b) => b.file !== 'install');
    const firstMain = files.findIndex((b) => b.file === 'src/main.ts');
    files.slice(0, firstMain + 1).forEach(write);
    runChecked(process.execPath, [...tsc, '--noEmit'], project);

    // WHEN every block is written in order (a later block of the same file replaces it), compiled and run
    files.slice(firstMain + 1).forEach(write);
    runChecked(process.execPath, tsc, project);
    runChecked(process.execPath, [join('out', 'main.js')], project);
    cpSync(join(project, 'cdktf.out'), join(out, 'cdktf.out'), { recursive: true });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

type Obj = Record<string, any>;

describe(`${DOC}, followed in a fresh repository with the packed library`, () => {
  let out = '';
  const stackDir = () => join(out, 'cdktf.out', 'stacks', STACK);
  const reviewDir = () => join(out, 'cdktf.out', 'review', STACK);
  const json = (): Obj => JSON.parse(readFileSync(join(stackDir(), 'cdk.tf.json'), 'utf8'));
  const releases = (): Array<[string, Obj]> => Object.entries(json().resource.helm_release as Record<string, Obj>);
  const releaseNamed = (name: string): [string, Obj] => {
    const found = releases().find(([, r]) => r.name === name);
    if (!found) throw new Error(`no helm_release named ${name}; there are ${releases().map(([, r]) => r.name).join(', ')}`);
    return found;
  };
  const valuesOf = (release: Obj): Obj => parse(unescapeTerraformTemplate(release.values[0]));
  /** The custom resources the manifests releases carry, as Helm reads them. */
  const deliveredObjects = (): Obj[] => releases()
    .filter(([, r]) => !r.version)
    .flatMap(([, r]) => (valuesOf(r).manifests ?? []) as Obj[]);

  beforeAll(() => {
    const tarball = packedLibraryTarball();
    out = cachedDirectory('monitoring-onboarding', contentHash([DOC, 'test/package/onboarding.test.ts'], [packedLibraryKey(), process.version]), (dir) => buildConsumer(tarball, dir));
  }, 900_000);

  test('the doc marks the files of every step, and its install line names the package and exactly its required peer pins', () => {
    // GIVEN the marked blocks  THEN they are the project's files, main.ts twice (step 2, then the whole program)
    expect(blocks.map((b) => b.file)).toEqual(['install', 'tsconfig.json', 'src/main.ts', 'src/services.ts', 'src/alerting.ts', 'src/ticket-bridge.ts', 'src/main.ts']);
    // AND the install line is the package plus package.json's non-optional peers, at their pins
    const [name, ...peers] = installArguments(blocks);
    expect(name).toBe(packageJson.name);
    const optional = Object.keys(packageJson.peerDependenciesMeta ?? {}).filter((p) => packageJson.peerDependenciesMeta[p].optional);
    const required = peerDependencySpecs().filter((spec) => !optional.some((p) => spec.startsWith(`${p}@`)));
    expect([...peers].sort()).toEqual(required.map((spec) => spec.replace(/@[\^~]/, '@')).sort());
    // AND the TypeScript it suggests is the one this test compiles with
    expect(blocks[0].text).toContain(`typescript@${packageJson.devDependencies.typescript}`);
  });

  test('step 2 compiled on its own, and the whole program synthesized the stack with everything the steps add', () => {
    // (buildConsumer throws, failing every test, when a step does not compile or the program does not run)
    const names = releases().map(([, r]) => r.name);
    expect(names).toEqual(expect.arrayContaining(['blackbox-exporter', 'ticket-bridge']));
    expect(names.filter((n) => /-sm-svc-orders$/.test(n))).toHaveLength(1);
    expect(names.filter((n) => /-pm-ledger-worker$/.test(n))).toHaveLength(1);
    expect(names.filter((n) => /-probe-orders-public$/.test(n))).toHaveLength(1);
    // the ticket bridge waits for the namespace like the stack's own releases
    const [, bridge] = releaseNamed('ticket-bridge');
    expect(bridge.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_namespace\./)]));
    // and the review lists it among the components
    const summary = readFileSync(join(reviewDir(), 'summary.md'), 'utf8');
    expect(summary).toContain('Ticket bridge (payments)');
    // and every scrape object the doc makes, with what it scrapes
    expect(summary).toContain('| PodMonitor | payments/ledger-worker | pods (app.kubernetes.io/name=ledger-worker) in payments, ports metrics |');
    expect(summary).toMatch(/\| ServiceMonitor \| monitoring\/svc-orders \| Services \(app\.kubernetes\.io\/name=orders\) in payments/);
    expect(summary).toMatch(/\| Probe \| monitoring\/orders-public \| https:\/\/api\.acme\.example\/orders\/healthz through/);
  });

  describeWithTool('promtool', 'the rule files it wrote', () => {
    const ruleFiles = () => readdirSync(join(reviewDir(), 'rules')).filter((f) => f.endsWith('.yaml')).sort();

    test('every rule file of the review passes promtool check rules, the team\'s own among them', () => {
      expect(ruleFiles()).toContain('payments-health.yaml');
      for (const file of ruleFiles()) {
        const result = promtoolCheckRules(readFileSync(join(reviewDir(), 'rules', file), 'utf8'));
        expect({ file, status: result.status, output: result.output }).toEqual({ file, status: 0, output: expect.stringContaining('SUCCESS') });
      }
      const payments = parse(readFileSync(join(reviewDir(), 'rules', 'payments-health.yaml'), 'utf8'));
      const rules = payments.groups.flatMap((g: Obj) => g.rules);
      expect(rules.map((r: Obj) => r.alert)).toEqual(expect.arrayContaining(['ServiceDown']));
      for (const rule of rules) {
        expect(rule.labels.team).toBe('payments');
        expect(rule.expr).toContain('service=~"orders|ledger-worker"');
      }
    });

    /** promtool test rules on the stack's and the team's service-health groups together: which teams get a ServiceDown. */
    const serviceDownByTeam = (seedExpr?: string) => {
      const read = (file: string) => parse(readFileSync(join(reviewDir(), 'rules', file), 'utf8'));
      const seed = read('service-health.yaml');
      if (seedExpr !== undefined) seed.groups[0].rules.find((r: Obj) => r.alert === 'ServiceDown').expr = seedExpr;
      return promtoolTestRules(stringify({ groups: [...seed.groups, ...read('payments-health.yaml').groups] }), [{
        interval: '30s',
        input_series: [
          { series: 'up{job="orders", instance="10.0.0.1:8080", namespace="payments", service="orders"}', values: '0x20' },
          { series: 'up{job="checkout", instance="10.0.0.2:8080", namespace="shop", service="checkout"}', values: '0x20' },
        ],
        promql_expr_test: [{
          expr: 'count by (team) (ALERTS{alertname="ServiceDown", alertstate="firing"})',
          eval_time: '5m',
          exp_samples: [{ labels: '{team="payments"}', value: 1 }, { labels: '{team="platform"}', value: 1 }],
        }],
      }]);
    };

    test('an orders outage fires one ServiceDown, for payments (and another service\'s still one, for platform)', () => {
      const result = serviceDownByTeam();
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });

    test('negative: with the stack\'s pack not narrowed (up == 0), the orders outage would alert platform too', () => {
      expect(readFileSync(join(reviewDir(), 'rules', 'service-health.yaml'), 'utf8')).toContain('service!~"orders|ledger-worker"');
      const result = serviceDownByTeam('up == 0');
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('team="platform"');
    });

    test('negative: the same file with a broken expression is refused', () => {
      const payments = parse(readFileSync(join(reviewDir(), 'rules', 'payments-health.yaml'), 'utf8'));
      payments.groups[0].rules[0].expr = 'sum(rate(http_requests_total{service=~"orders|ledger-worker"}[5m])';
      expect(promtoolCheckRules(stringify(payments)).status).not.toBe(0);
    });
  });

  describe('the Alertmanager configuration it wrote', () => {
    const reviewed = (): Obj => parse(readFileSync(join(reviewDir(), 'alertmanager.yaml'), 'utf8'));
    const alertmanagerValues = (): Obj => valuesOf(releases().find(([, r]) => r.chart === 'alertmanager')![1]);
    /** Fields of `<msteamsv2_config>` in the Alertmanager 0.34 configuration reference (as in test/alertmanager/receivers-0.34.test.ts). */
    const MSTEAMSV2_0_34 = ['send_resolved', 'webhook_url', 'webhook_url_file', 'title', 'text', 'http_config'];

    /** The configuration as amtool 0.25 can read it: the Teams receiver without its msteamsv2_configs (Alertmanager ≥ 0.28). */
    const forAmtool025 = (config: Obj): { text: string; teams: Obj[] } => {
      const copy = structuredClone(config);
      const teams: Obj[] = [];
      for (const receiver of copy.receivers) {
        if (receiver.msteamsv2_configs) teams.push(...receiver.msteamsv2_configs);
        delete receiver.msteamsv2_configs;
      }
      return { text: stringify(copy), teams };
    };

    test('the review shows the configuration the release carries', () => {
      const { enabled: _, ...carried } = alertmanagerValues().config;
      expect(carried).toEqual(reviewed());
    });

    test('the Teams receiver: 0.34 fields only, its URL a file of the mounted Secret, nothing secret in the clear', () => {
      const { teams } = forAmtool025(reviewed());
      expect(teams).toHaveLength(1);
      expect(Object.keys(teams[0]).filter((k) => !MSTEAMSV2_0_34.includes(k))).toEqual([]);
      expect(teams[0].webhook_url).toBeUndefined();
      expect(teams[0].webhook_url_file).toBe('/etc/alertmanager-secrets/alertmanager-teams/payments-webhook');
      expect(alertmanagerValues().extraSecretMounts).toEqual(expect.arrayContaining([
        expect.objectContaining({ secretName: 'alertmanager-teams', mountPath: '/etc/alertmanager-secrets/alertmanager-teams', readOnly: true }),
      ]));
    });

    describeWithTool('amtool', 'amtool 0.25', () => {
      const file = (text: string) => join(writeTempFiles({ 'alertmanager.yaml': text }), 'alertmanager.yaml');
      const routesTest = (labels: Record<string, string>, expected: string[]) => runTool('amtool', [
        'config', 'routes', 'test', `--config.file=${file(forAmtool025(reviewed()).text)}`, `--verify.receivers=${expected.join(',')}`,
        ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
      ]);

      test('check-config passes on everything but the Teams block; the complete file is refused, which is why that block is checked above', () => {
        const result = runTool('amtool', ['check-config', file(forAmtool025(reviewed()).text)]);
        expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
        const complete = runTool('amtool', ['check-config', file(stringify(reviewed()))]);
        expect(complete.status).not.toBe(0);
        expect(complete.output).toContain('field msteamsv2_configs not found');
      });

      test.each([
        ['a critical payments alert opens a ticket and posts to Teams', { team: 'payments', severity: 'critical' }, ['payments-tickets', 'payments-teams']],
        ['a warning posts to Teams', { team: 'payments', severity: 'warning' }, ['payments-teams']],
        // Before the fallbacks: without the team's route, info would go to the fallback's low-priority receiver.
        ['an info alert posts to Teams, not to the fallback', { team: 'payments', severity: 'info' }, ['payments-teams']],
        ['negative: a critical alert of another team still pages on call', { team: 'checkout', severity: 'critical' }, ['on-call-pagerduty', 'low-priority']],
      ] as const)('routes: %s', (_title, labels, expected) => {
        const result = routesTest(labels, [...expected]);
        expect([result.status, result.stdout.trim()]).toEqual([0, expected.join(',')]);
      });

      test('negative: amtool fails the route test when told the wrong receiver', () => {
        expect(routesTest({ team: 'payments', severity: 'info' }, ['low-priority']).status).not.toBe(0);
      });
    });
  });

  describe('the ServiceMonitor, PodMonitor and Probe', () => {
    const sharedCharts = sharedChartsPresent('the CRD schema check of the onboarding objects');
    // The doc's own objects, by name (the stack adds monitors of its own components beside them).
    const DOC_OBJECTS: Record<string, string> = { ServiceMonitor: 'svc-orders', PodMonitor: 'ledger-worker', Probe: 'orders-public' };
    const objectOf = (kind: string): Obj => {
      const found = deliveredObjects().filter((o) => o.kind === kind && o.metadata?.name === DOC_OBJECTS[kind]);
      expect(found).toHaveLength(1);
      return found[0];
    };

    test('are what the doc says', () => {
      const sm = objectOf('ServiceMonitor');
      expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['payments'] });
      expect(sm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders' } });
      expect(sm.spec.endpoints[0].relabelings).toEqual(expect.arrayContaining([expect.objectContaining({ targetLabel: 'service', replacement: 'orders' })]));
      const pm = objectOf('PodMonitor');
      expect(pm.metadata.namespace ?? 'payments').toBe('payments');
      expect(pm.spec.podMetricsEndpoints[0]).toMatchObject({ port: 'metrics', interval: '30s' });
      expect(pm.spec.podMetricsEndpoints[0].relabelings).toEqual([expect.objectContaining({
        sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], targetLabel: 'service', regex: '(.+)',
      })]);
      const probe = objectOf('Probe');
      expect(probe.spec.module).toBe('https_200');
      expect(probe.spec.prober.url).toBe('blackbox-exporter.monitoring.svc:9115');
      expect(probe.spec.targets.staticConfig.static).toEqual(['https://api.acme.example/orders/healthz']);
      // `service="orders"` on the probe's series: a target label, or a metric relabeling that writes it
      const setsService = probe.spec.targets.staticConfig.labels?.service === 'orders'
        || (probe.spec.metricRelabelings ?? []).some((r: Obj) => r.targetLabel === 'service' && r.replacement === 'orders' && (r.action ?? 'replace') === 'replace');
      expect(setsService).toBe(true);
    });

    (sharedCharts ? test : test.skip)('validate against the CRD schemas of the pinned kube-prometheus-stack chart', () => {
      for (const kind of ['ServiceMonitor', 'PodMonitor', 'Probe']) expect({ kind, errors: schemaErrors(objectOf(kind)) }).toEqual({ kind, errors: [] });
    });

    (sharedCharts ? test : test.skip)('negative: a Probe with a misspelt field is refused by the schema', () => {
      const probe = structuredClone(objectOf('Probe'));
      probe.spec.prober = { adress: probe.spec.prober.url };
      expect(schemaErrors(probe).length).toBeGreaterThan(0);
    });
  });

  describeWithTool('terraform', 'Terraform', () => {
    test('loads the synthesized stack', () => {
      const load = terraformLoads(stackDir());
      expect(load.problems).toEqual([]);
      expect(load.ok).toBe(true);
    });
  });

  describe('the network policies, for the pods the real charts render', () => {
    const canRender = findTool('helm') !== undefined && sharedChartsPresent('the onboarding network-policy check');
    /** The releases whose pods the checks need, rendered by helm with their real charts (cached with the synthesized output). */
    const rendered = (): RenderedRelease[] => {
      const wanted = releases().filter(([, r]) => ['kube-prometheus-stack', 'alertmanager', 'grafana', 'prometheus-blackbox-exporter'].includes(r.chart) || r.name === 'ticket-bridge');
      const inputs = wanted.map(([id, r]) => ({
        id,
        chartDir: r.version ? join(SHARED_CHARTS, `${r.chart}-${r.version}`) : join(stackDir(), r.chart),
        values: (r.values ?? []).map(unescapeTerraformTemplate) as string[],
        sets: (['set', 'set_list', 'set_sensitive'] as const).flatMap((block) => ((r[block] ?? []) as Obj[]).map((s) => ({
          block, name: unescapeTerraformTemplate(s.name), value: Array.isArray(s.value) ? s.value.map(unescapeTerraformTemplate) : unescapeTerraformTemplate(String(s.value)),
          ...(s.type ? { type: s.type } : {}),
        }))),
        name: r.name as string,
        namespace: r.namespace as string,
        chart: r.version ? (r.chart as string) : 'manifests',
      }));
      return cachedJson('monitoring-onboarding-rendered', contentHash(['test/support/rendered-releases.ts', 'test/support/chart-dependencies.ts'], [basename(out), toolFingerprint('helm')]), () => {
        const results = renderCharts(inputs);
        const failed = results.map((r, i) => [inputs[i], r] as const).filter(([, r]) => r.status !== 0);
        if (failed.length > 0) throw new Error(`helm template failed:\n${failed.map(([input, r]) => `${input.name}: ${r.stderr}`).join('\n')}`);
        return inputs.map((input, i) => ({
          stack: STACK, id: input.id, name: input.name, namespace: input.namespace, chart: input.chart,
          objects: renderedDocuments(results[i].stdout) as Obj[], notRendered: results[i].notRendered,
        }));
      });
    };
    // Rendered once for the file's checks (each asks for several pods).
    let renderedPods: PodTemplate[] | undefined;
    const pods = (): PodTemplate[] => (renderedPods ??= rendered().flatMap(podTemplates));
    const pod = (owner: RegExp): PolicyPod => {
      const found = pods().filter((p) => owner.test(p.owner));
      if (found.length !== 1) throw new Error(`${found.length} rendered pods match ${owner}: ${pods().map((p) => p.owner).join(', ')}`);
      return { namespace: found[0].namespace, labels: found[0].labels };
    };
    const prometheus = () => pod(/^Prometheus\//);
    const alertmanager = () => pod(/^StatefulSet\/alertmanager$/);
    const grafana = () => pod(/^Deployment\/grafana$/);
    const blackbox = () => pod(/^Deployment\/blackbox-exporter/);
    const bridge = () => pod(/^Deployment\/ticket-bridge$/);

    (canRender ? test : test.skip)('Prometheus reaches the blackbox exporter on 9115; Grafana does not', () => {
      const policies = policiesOf(json());
      expect(reachable(policies, blackbox(), prometheus(), 9115)).toBe(true);
      expect(reachable(policies, blackbox(), grafana(), 9115)).toBe(false);
    });

    (canRender ? test : test.skip)('Alertmanager reaches the ticket bridge on 8080; Prometheus does not', () => {
      const policies = policiesOf(json());
      expect(reachable(policies, bridge(), alertmanager(), 8080)).toBe(true);
      expect(reachable(policies, bridge(), prometheus(), 8080)).toBe(false);
    });

    (canRender ? test : test.skip)('negative: without the bridge\'s own policy (an unregistered release), the default deny leaves it unreachable', () => {
      const policies = policiesOf(json());
      const withoutBridge = policies.filter((p) => p.metadata.name !== 'ticket-bridge');
      expect(withoutBridge.length).toBe(policies.length - 1);
      expect(reachable(withoutBridge, bridge(), alertmanager(), 8080)).toBe(false);
    });
  });
});
