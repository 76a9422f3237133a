import { renderSeriesSelector } from '../rules/label-matcher';
import { AlertPack, PROMETHEUS_RULES, alertPack, alertSpecs } from '../rules/packs/alert-pack';
import { AlertOptions, AlertPackProps, RATIO, num, percent } from '../rules/packs/pack-props';
import { scrapeTargetAlerts } from '../rules/packs/scrape-target-alerts';
import { IRulePack } from '../rules/rule-pack';
import { Severity } from '../rules/severity';

/**
 * Grafana's own metric names, as Grafana 13 (the grafana chart 12.11.1) exposes them on `/metrics` of its
 * web port: `grafana_http_request_duration_seconds` (histogram, labels `handler`, `status_code`, `method`;
 * grafana/grafana pkg/middleware/request_metrics.go) and `grafana_datasource_request_total` (counter of the
 * requests Grafana sends to its datasources, labels `datasource`, `datasource_type`, `code` (the HTTP
 * status), `method`; pkg/infra/httpclient/httpclientprovider/datasource_metrics_middleware.go).
 */
export const GRAFANA_METRICS = {
  httpRequests: 'grafana_http_request_duration_seconds_count',
  datasourceRequests: 'grafana_datasource_request_total',
  up: 'up',
} as const;

/** Properties of {@link GrafanaRules}. */
export interface GrafanaRulesProps extends AlertPackProps {
  /**
   * GrafanaDown: a Grafana replica's scrape fails (`up == 0`); takes no threshold.
   * @default for 5m, warning
   */
  readonly down?: AlertOptions | false;
  /**
   * GrafanaAbsent: no scrape target of the selector at all (the scrape is gone, so every other alert here
   * is silent); takes no threshold.
   * @default for 15m, warning
   */
  readonly absent?: AlertOptions | false;
  /**
   * GrafanaRequestErrors: share of Grafana's HTTP responses that are 5xx, over 5 minutes; threshold = ratio.
   * @default above 0.05 for 10m, warning
   */
  readonly requestErrors?: AlertOptions | false;
  /**
   * GrafanaDatasourceRequestErrors: share of the requests Grafana sends to one datasource that get a 5xx
   * answer, over 5 minutes; threshold = ratio.
   * @default above 0.1 for 15m, warning
   */
  readonly datasourceErrors?: AlertOptions | false;
}

/** What the Grafana alerts read. */
interface GrafanaTerms {
  /** A series selector of the pack's selector, plus fixed matchers. */
  readonly series: (metric: string, fixed?: string[]) => string;
}

const BY = 'namespace, job';
const alert = alertSpecs<GrafanaRulesProps, GrafanaTerms>();

/** The Grafana alerts, in rule order. */
export const GRAFANA_ALERTS = [
  ...scrapeTargetAlerts<GrafanaRulesProps, GrafanaTerms>('Grafana', Severity.WARNING, 'dashboards may be unavailable'),
  alert({
    name: 'GrafanaRequestErrors', prop: 'requestErrors', severity: Severity.WARNING, for: '10m', threshold: 0.05, range: RATIO,
    settings: (_options, _at, p) => ({
      failed: `sum by (${BY}) (rate(${p.series(GRAFANA_METRICS.httpRequests, ['status_code=~"5.."'])}[5m]))`,
      all: `sum by (${BY}) (rate(${p.series(GRAFANA_METRICS.httpRequests)}[5m]))`,
    }),
    expr: (t) => `${t.failed} / (${t.all} > 0) > ${num(t.threshold)}`,
    summary: 'Grafana {{ $labels.job }} answers with server errors',
    description: (t) => `{{ $value | humanizePercentage }} of the HTTP requests to {{ $labels.namespace }}/{{ $labels.job }} fail with a 5xx (threshold ${percent(t.threshold)}%, for ${t.for}). Check Grafana's log and its database.`,
  }),
  alert({
    name: 'GrafanaDatasourceRequestErrors', prop: 'datasourceErrors', severity: Severity.WARNING, for: '15m', threshold: 0.1, range: RATIO,
    settings: (_options, _at, p) => ({
      failed: `sum by (${BY}, datasource) (rate(${p.series(GRAFANA_METRICS.datasourceRequests, ['code=~"5.."'])}[5m]))`,
      all: `sum by (${BY}, datasource) (rate(${p.series(GRAFANA_METRICS.datasourceRequests)}[5m]))`,
    }),
    expr: (t) => `${t.failed} / (${t.all} > 0) > ${num(t.threshold)}`,
    summary: 'Grafana datasource {{ $labels.datasource }} answers with server errors',
    description: (t) => `{{ $value | humanizePercentage }} of Grafana's requests to datasource {{ $labels.datasource }} fail with a 5xx (threshold ${percent(t.threshold)}%, for ${t.for}): dashboards over it show errors. Check that datasource's backend.`,
  }),
];

const GRAFANA = alertPack<GrafanaRulesProps, GrafanaTerms>({
  kind: 'GrafanaRules', name: 'grafana', team: 'platform',
  terms: (props, at) => ({
    series: (metric, fixed) => renderSeriesSelector(metric, props.selector, at('selector'), fixed),
  }),
  alerts: GRAFANA_ALERTS,
});

/**
 * Grafana watching itself: a replica down, Grafana absent from the scrape, its HTTP server answering with
 * 5xx, and a datasource answering Grafana with 5xx. Every alert is a warning (dashboards are not paging
 * material), tunable or switchable one by one, with its runbook. `Grafana.selfMonitoringRules()` gives the
 * pack with the job of Grafana's scrape as the selector.
 *
 * ```ts
 * prometheus.addRules(GrafanaRules.create({ runbookBaseUrl: 'https://runbooks.example.com/alerts', selector: { job: 'grafana', namespace: 'monitoring' } }));
 * ```
 */
export class GrafanaRules extends AlertPack<GrafanaRulesProps> implements IRulePack {
  /** The pack for the Grafana the selector picks; throws a ValidationError for a bad threshold or selector. */
  public static create(props: GrafanaRulesProps): GrafanaRules {
    return new GrafanaRules(props);
  }

  private constructor(props: GrafanaRulesProps) {
    super(GRAFANA, props, PROMETHEUS_RULES);
  }
}
