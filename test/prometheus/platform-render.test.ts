import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { stringify } from 'yaml';
import { CONTROL_PLANE_SCRAPES, Charts, ControlPlaneScrape, PLATFORMS, Platform, Prometheus, ServiceHealthRules, renderRuleFile } from '../../lib';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { describePlatform } from '../../lib/prometheus/platform';
import { promqlLabelMatchers } from '../../lib/rules/promql';
import { diffStack } from '../../lib/review/review-diff';
import { renderReviewDiff } from '../../lib/review/review-diff-markdown';
import { parseStackReview } from '../../lib/review/review-tree';
import { SHARED_CHARTS, sharedChartsPresent } from '../support/chart-values';
import { RenderedRelease, renderCharts } from '../support/rendered-releases';
import { synthJson } from '../support/synth';
import { describeWithTool, findTool, renderedDocuments } from '../support/tools';
import { RUNBOOKS, promtoolTestRules } from '../rules/rules-test-support';
import { matcherSelectsSomeJob, producedJobs, renderedAlerts, stackScrapes } from './platform-scrapes-support';

/*
 * The platform presets over the real chart: kube-prometheus-stack 88.5.3 rendered by helm with the
 * values of a Prometheus on 'generic' and on 'eks' (and 'gke'), then (1) no alert of any rendered
 * PrometheusRule selects a job that no scrape produces there, (2) the control-plane alerts,
 * scrapes and dashboards the platform does not expose are gone, and (3) the review diff between the
 * two names them as removed.
 */

/** Each platform, and 'generic' with two scrapes switched off by the user (`generic-user-off`). */
type Variant = Platform | 'generic-user-off';
const RENDERED: Variant[] = [...PLATFORMS, 'generic-user-off'];
const USER_OFF = { kubeProxy: false, kubeEtcd: false } as const;
const CONTROL_PLANE_ALERTS = ['KubeControllerManagerDown', 'KubeSchedulerDown', 'KubeProxyDown', 'etcdMembersDown', 'etcdInsufficientMembers', 'etcdNoLeader'];

function kpsRelease(variant: Variant): { name: string; values: string } {
  const stack = new TerraformStack(Testing.app(), `monitoring-${variant}`);
  const prometheus = new Prometheus(stack, 'prometheus', variant === 'generic-user-off'
    ? { namespace: 'monitoring', controlPlaneScrapes: USER_OFF }
    : { namespace: 'monitoring', platform: variant });
  const json = synthJson(stack);
  const release = json.resource.helm_release[stack.getLogicalId(prometheus.release)];
  expect(release.set ?? []).toEqual([]);
  return { name: release.name, values: unescapeTerraformTemplate(release.values[0]) };
}

function render(): Map<Variant, RenderedRelease> | undefined {
  if (!findTool('helm') || !sharedChartsPresent('rendering kube-prometheus-stack per platform')) return undefined;
  const chartDir = join(SHARED_CHARTS, `${Charts.kubePrometheusStack.chart}-${Charts.kubePrometheusStack.version}`);
  const inputs = RENDERED.map((platform) => ({ platform, ...kpsRelease(platform) }));
  const results = renderCharts(inputs.map((input) => ({ chartDir, values: [input.values], name: input.name, namespace: 'monitoring' })));
  return new Map(inputs.map((input, i) => {
    if (results[i].status !== 0) throw new Error(`helm template failed for ${input.platform}: ${results[i].stderr}`);
    return [input.platform, {
      stack: `monitoring-${input.platform}`, id: 'prometheus', name: input.name, namespace: 'monitoring', chart: 'kube-prometheus-stack',
      objects: renderedDocuments(results[i].stdout) as Array<Record<string, any>>, notRendered: results[i].notRendered,
    }];
  }));
}

const rendered = render();
const maybe = rendered ? describe : describe.skip;

function scrapesOf(platform: Variant) {
  return stackScrapes(`monitoring-${platform}`, [rendered!.get(platform)!]);
}

/** Alerts whose `=`/`=~` job matchers select no job the scrapes produce. */
function alertsWithoutTargets(platform: Variant): string[] {
  const scrapes = scrapesOf(platform);
  const jobs = producedJobs(scrapes);
  return renderedAlerts(scrapes)
    .filter((a) => promqlLabelMatchers(a.expr, 'job').some((m) => !matcherSelectsSomeJob(m, jobs)))
    .map((a) => `${a.alert} (${a.group}: ${promqlLabelMatchers(a.expr, 'job').map((m) => `job${m.op}"${m.value}"`).join(', ')})`);
}

function dashboardsOf(platform: Variant): string[] {
  return rendered!.get(platform)!.objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata?.labels?.grafana_dashboard !== undefined)
    .map((o) => o.metadata.name as string).sort();
}

/** A review folder of one platform's render: its PrometheusRules as rule files, its scrape jobs and dashboards as other files. */
function reviewFiles(platform: Platform): Map<string, string> {
  const scrapes = scrapesOf(platform);
  const files = new Map<string, string>();
  files.set('summary.md', `# monitoring\n\n## Environment\n\n- platform: ${describePlatform(platform)}\n`);
  for (const o of rendered!.get(platform)!.objects.filter((x) => x.kind === 'PrometheusRule')) {
    files.set(`rules/${o.metadata.name}.yaml`, stringify({ groups: o.spec.groups }));
  }
  files.set('scrape-jobs.txt', [...new Set(scrapes.jobs.map((j) => `${j.job} <- ${j.source}`))].sort().join('\n') + '\n');
  files.set('chart-dashboards.txt', dashboardsOf(platform).join('\n') + '\n');
  return files;
}

maybe('platform presets over the rendered kube-prometheus-stack', () => {
  test('GIVEN eks THEN no rendered alert selects a job that no scrape target has', () => {
    expect(alertsWithoutTargets('eks')).toEqual([]);
  });

  test.each(PLATFORMS.filter((p) => p !== 'eks'))('GIVEN %s THEN no rendered alert selects a job without a scrape target either', (platform) => {
    expect(alertsWithoutTargets(platform)).toEqual([]);
  });

  test('GIVEN gke THEN kube-dns is scraped instead of CoreDNS', () => {
    const jobs = producedJobs(scrapesOf('gke'));
    expect([jobs.has('kube-dns'), jobs.has('coredns')]).toEqual([true, false]);
  });

  test('negative control: GIVEN generic THEN the control-plane alerts exist and select the control-plane jobs, which scrapes produce', () => {
    const alerts = renderedAlerts(scrapesOf('generic')).map((a) => a.alert);
    for (const name of CONTROL_PLANE_ALERTS) expect(alerts).toContain(name);
    const jobs = producedJobs(scrapesOf('generic'));
    for (const key of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy', 'kubeApiServer', 'kubelet', 'coreDns'] as const) {
      expect([key, jobs.has(CONTROL_PLANE_SCRAPES[key].job)]).toEqual([key, true]);
    }
    // The checker does see a job with no scrape: take kube-scheduler's target away from generic's jobs.
    const without = new Set([...jobs].filter((j) => j !== 'kube-scheduler'));
    const scheduler = renderedAlerts(scrapesOf('generic')).filter((a) => promqlLabelMatchers(a.expr, 'job').some((m) => !matcherSelectsSomeJob(m, without)));
    expect(scheduler.map((a) => a.alert)).toContain('KubeSchedulerDown');
  });

  test('GIVEN eks THEN the control-plane scrapes, alerts and dashboards of what EKS hides are gone; the API server, kubelet and CoreDNS stay', () => {
    const jobs = producedJobs(scrapesOf('eks'));
    for (const job of ['kube-controller-manager', 'kube-scheduler', 'kube-etcd', 'kube-proxy']) expect([job, jobs.has(job)]).toEqual([job, false]);
    for (const job of ['apiserver', 'kubelet', 'coredns']) expect([job, jobs.has(job)]).toEqual([job, true]);
    const alerts = renderedAlerts(scrapesOf('eks')).map((a) => a.alert);
    for (const name of CONTROL_PLANE_ALERTS) expect(alerts).not.toContain(name);
    expect(alerts).toContain('KubeAPIDown');
    const gone = dashboardsOf('generic').filter((d) => !dashboardsOf('eks').includes(d));
    expect(gone).toEqual(['controller-manager', 'etcd', 'proxy', 'scheduler'].map((d) => `${rendered!.get('eks')!.name}-${d}`).sort());
  });

  test('the table\'s jobs are the jobs the chart\'s ServiceMonitors produce', () => {
    const scrapes = scrapesOf('generic');
    const monitors: Record<string, ControlPlaneScrape> = {
      apiserver: 'kubeApiServer', kubelet: 'kubelet', 'kube-controller-manager': 'kubeControllerManager', 'kube-scheduler': 'kubeScheduler',
      'kube-etcd': 'kubeEtcd', 'kube-proxy': 'kubeProxy', coredns: 'coreDns',
    };
    for (const [suffix, key] of Object.entries(monitors)) {
      const monitor = scrapes.jobs.find((j) => j.source === `ServiceMonitor monitoring/${rendered!.get('generic')!.name}-${suffix}`);
      expect([key, monitor?.job]).toEqual([key, CONTROL_PLANE_SCRAPES[key].job]);
    }
    expect(producedJobs(scrapesOf('gke')).has(CONTROL_PLANE_SCRAPES.kubeDns.job)).toBe(true);
  });

  test('GIVEN generic with kube-proxy and etcd switched off by the user THEN their scrapes and alerts are gone, the rest stays', () => {
    const jobs = producedJobs(scrapesOf('generic-user-off'));
    expect([jobs.has('kube-proxy'), jobs.has('kube-etcd'), jobs.has('kube-scheduler'), jobs.has('kube-controller-manager')]).toEqual([false, false, true, true]);
    const alerts = renderedAlerts(scrapesOf('generic-user-off')).map((a) => a.alert);
    expect(alerts).not.toContain('KubeProxyDown');
    expect(alerts).not.toContain('etcdMembersDown');
    expect(alerts).toContain('KubeSchedulerDown');
    expect(alertsWithoutTargets('generic-user-off')).toEqual([]);
  });

  describeWithTool('promtool', "the project's ServiceDown and a switched-off scrape", () => {
    test('GIVEN every target of generic-user-off down THEN ServiceDown fires once per scraped job, never for kube-proxy or kube-etcd', () => {
      // The stack's default ServiceHealthRules (no selector: every `up`), as buildRulePacks creates it.
      const ruleFile = renderRuleFile(ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS }).ruleGroups);
      const jobs = [...producedJobs(scrapesOf('generic-user-off'))].sort();
      expect(jobs).toContain('kube-scheduler');
      // What Prometheus would hold: one `up` series per target it has, all down. A scrape that is off has no target, so no series.
      const series = jobs.map((job) => ({ series: `up{job="${job}",instance="${job}:1"}`, values: '0x20' }));
      const result = promtoolTestRules(ruleFile, [{
        interval: '30s',
        input_series: series,
        alert_rule_test: [{
          eval_time: '5m',
          alertname: 'ServiceDown',
          exp_alerts: jobs.map((job) => ({
            exp_labels: { severity: 'critical', team: 'platform', job, instance: `${job}:1` },
            exp_annotations: {
              summary: `Service ${job} is down`,
              description: `Target ${job}:1 of job ${job} has been unreachable for more than 1m.`,
              runbook_url: `${RUNBOOKS}/service-down`,
            },
          })),
        }],
      }]);
      expect([result.status, result.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
      expect(jobs).not.toContain('kube-proxy');
      expect(jobs).not.toContain('kube-etcd');
    });

    test('negative control: the same test with an alert expected for kube-proxy fails', () => {
      const ruleFile = renderRuleFile(ServiceHealthRules.forServices({ runbookBaseUrl: RUNBOOKS }).ruleGroups);
      const result = promtoolTestRules(ruleFile, [{
        interval: '30s',
        input_series: [{ series: 'up{job="kube-scheduler",instance="a:1"}', values: '0x20' }],
        alert_rule_test: [{ eval_time: '5m', alertname: 'ServiceDown', exp_alerts: [{ exp_labels: { severity: 'critical', team: 'platform', job: 'kube-proxy', instance: 'a:1' }, exp_annotations: {} }] }],
      }]);
      expect(result.status).not.toBe(0);
    });
  });

  test('the review diff between generic and eks shows the control-plane alerts and scrapes as removed', () => {
    const diff = diffStack(parseStackReview('monitoring', reviewFiles('generic')), parseStackReview('monitoring', reviewFiles('eks')));
    const markdown = renderReviewDiff([diff], { base: 'generic', head: 'eks' });
    const alerts = diff.sections.find((s) => s.title === 'Alerts')?.lines.join('\n') ?? '';
    for (const name of CONTROL_PLANE_ALERTS) expect(alerts).toMatch(new RegExp(`removed.*${name}|${name}.*removed`, 'i'));
    expect(alerts).not.toMatch(/KubeAPIDown/);
    const other = diff.sections.find((s) => s.title === 'Other configuration files')?.lines.join('\n') ?? '';
    for (const job of ['kube-controller-manager', 'kube-scheduler', 'kube-etcd', 'kube-proxy']) expect(other).toMatch(new RegExp(`^\\s*-\\s*${job} <- ServiceMonitor`, 'm'));
    expect(other).not.toMatch(/^\s*-\s*apiserver <- /m);
    const env = diff.sections.find((s) => s.title === 'Environment')?.lines.join('\n') ?? '';
    expect(env).toContain('eks (control plane not scraped: kubeControllerManager, kubeScheduler, kubeEtcd, kubeProxy, kubeDns)');
    expect(markdown).toContain('KubeControllerManagerDown');
  });
});
