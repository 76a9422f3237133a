import { promqlLabelMatchers } from '../../lib/rules/promql';
import { renderedExampleReleases } from '../support/rendered-releases';
import { synthesizedExampleStacks } from '../support/synth';
import { matcherSelectsSomeJob, producedJobs, renderedAlerts, stackScrapes } from '../prometheus/platform-scrapes-support';

/*
 * Every `job` an alert or a dashboard query selects is a job some scrape produces, in dev, staging and
 * prod as the real charts render them: the `job` matchers (`=` and `=~`; negative ones exclude and are
 * left out) of every alert of every rendered PrometheusRule (this project's and kube-prometheus-stack's)
 * and of every query of every dashboard ConfigMap, against the jobs of the ServiceMonitors (jobLabel or
 * the Service's name), PodMonitors (`<namespace>/<name>` unless jobLabel or a relabelling), Probes,
 * ScrapeConfigs, the additionalScrapeConfigs and the kps subcharts that are not rendered.
 */

/**
 * Known offenders, each the start of `<stack> <where> job<op>"<value>"`: selectors that match no scrape today.
 * This list is expected to shrink to empty as components move to ServiceMonitors/PodMonitors with the
 * job labels their rules expect (issue 16); an entry that no longer occurs fails the test, so that it
 * is removed.
 */
const ACCEPTED_GAPS: readonly string[] = [
  // none: every job an alert or dashboard of the example environments selects is scraped (issue 16).
];

const releases = renderedExampleReleases();
const maybe = releases ? describe : describe.skip;

/** The PromQL expressions of a Grafana dashboard: panel targets (rows' panels too) and templating queries. */
function dashboardQueries(dashboard: Record<string, any>): string[] {
  const out: string[] = [];
  const panels = (list: any[] | undefined): void => {
    for (const panel of list ?? []) {
      for (const target of panel.targets ?? []) if (typeof target.expr === 'string') out.push(target.expr);
      panels(panel.panels);
    }
  };
  panels(dashboard.panels);
  panels((dashboard.rows ?? []).flatMap((row: any) => row.panels ?? []));
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (typeof query !== 'string') continue;
    // label_values(<selector>, label) and query_result(<expr>): the PromQL inside.
    const inner = /^\s*label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/.exec(query)?.[1] ?? /^\s*query_result\((.*)\)\s*$/.exec(query)?.[1];
    if (inner) out.push(inner);
  }
  return out;
}

/** Grafana variables and the chart's templating make a value a placeholder, not a job. */
const PLACEHOLDER = /\$|\{\{/;

function offenders(): string[] {
  const found: string[] = [];
  for (const stack of [...new Set(releases!.map((r) => r.stack))].sort()) {
    const scrapes = stackScrapes(stack, releases!);
    const jobs = producedJobs(scrapes);
    const check = (where: string, expr: string): void => {
      for (const m of promqlLabelMatchers(expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m'), 'job')) {
        if (PLACEHOLDER.test(m.value) || matcherSelectsSomeJob(m, jobs)) continue;
        found.push(`${stack} ${where} job${m.op}"${m.value}"`);
      }
    };
    for (const alert of renderedAlerts(scrapes)) check(`alert ${alert.alert} (PrometheusRule ${alert.rule})`, alert.expr);
    // Dashboard ConfigMaps: those the charts render, and this project's own (Terraform kubernetes_config_map).
    const terraformMaps = Object.values(synthesizedExampleStacks().find((s) => s.id === stack)?.json.resource?.kubernetes_config_map ?? {})
      .map((m: any) => ({ object: { kind: 'ConfigMap', metadata: { name: m.metadata?.name }, data: m.data } }));
    for (const { object } of [...scrapes.objects, ...terraformMaps]) {
      if (object.kind !== 'ConfigMap') continue;
      for (const [file, text] of Object.entries(object.data ?? {})) {
        if (!file.endsWith('.json')) continue;
        let dashboard: Record<string, any>;
        try {
          dashboard = JSON.parse(String(text));
        } catch {
          continue;
        }
        for (const expr of dashboardQueries(dashboard)) check(`dashboard ${file} (ConfigMap ${object.metadata?.name})`, expr);
      }
    }
  }
  return [...new Set(found)].sort();
}

maybe('alert and dashboard job selectors (dev, staging, prod, rendered)', () => {
  const found = releases ? offenders() : [];

  test('every job an alert or dashboard selects is produced by a scrape, apart from the accepted gaps', () => {
    expect(found.filter((o) => !ACCEPTED_GAPS.some((gap) => o.startsWith(gap)))).toEqual([]);
  });

  test('every accepted gap still occurs (remove the ones that are fixed)', () => {
    expect(ACCEPTED_GAPS.filter((gap) => !found.some((o) => o.startsWith(gap)))).toEqual([]);
  });

  test('the check reads alerts and dashboards of every stack (not vacuous)', () => {
    for (const stack of ['monitoring-dev', 'monitoring-staging', 'monitoring-prod']) {
      const scrapes = stackScrapes(stack, releases!);
      const alerts = renderedAlerts(scrapes);
      expect([stack, alerts.some((a) => promqlLabelMatchers(a.expr, 'job').length > 0)]).toEqual([stack, true]);
      // A job nothing scrapes is reported: the checker is not blind.
      expect(matcherSelectsSomeJob({ op: '=', value: 'no-such-job' }, producedJobs(scrapes))).toBe(false);
      expect(producedJobs(scrapes).has('apiserver')).toBe(true);
      expect(Object.keys(synthesizedExampleStacks().find((s) => s.id === stack)?.json.resource?.kubernetes_config_map ?? {}).length).toBeGreaterThan(0);
    }
  });
});

describe('the selector reading itself', () => {
  test('dashboard queries come from panels, rows and label_values variables', () => {
    const queries = dashboardQueries({
      panels: [{ targets: [{ expr: 'up{job="a"}' }] }, { panels: [{ targets: [{ expr: 'up{job="b"}' }] }] }],
      rows: [{ panels: [{ targets: [{ expr: 'up{job="c"}' }] }] }],
      templating: { list: [{ query: 'label_values(up{job="d"}, instance)' }, { query: { query: 'label_values(namespace)' } }] },
    });
    expect(queries).toEqual(['up{job="a"}', 'up{job="b"}', 'up{job="c"}', 'up{job="d"}']);
  });

  test('regex job matchers are anchored; negative ones never count as missing', () => {
    const jobs = new Set(['kube-etcd', 'loki']);
    expect(matcherSelectsSomeJob({ op: '=~', value: '.*etcd.*' }, jobs)).toBe(true);
    expect(matcherSelectsSomeJob({ op: '=~', value: 'lok' }, jobs)).toBe(false);
    expect(matcherSelectsSomeJob({ op: '=', value: 'kube-proxy' }, jobs)).toBe(false);
    expect(matcherSelectsSomeJob({ op: '!=', value: 'kube-proxy' }, jobs)).toBe(true);
  });
});

