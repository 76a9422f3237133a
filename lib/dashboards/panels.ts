import { DataqueryBuilder as LokiQueryBuilder } from '@grafana/grafana-foundation-sdk/loki';
import { DataqueryBuilder as PrometheusQueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { DatasourceVariableBuilder, ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as BarGaugePanel } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as PieChartPanel } from '@grafana/grafana-foundation-sdk/piechart';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

// Small helpers over the foundation SDK so that every shipped panel has a description, a unit and the
// templated datasource (the lint's rules), without repeating the same five calls per panel.

/** The datasource every shipped panel uses: the dashboard's `datasource` variable. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** The datasource every shipped Loki panel uses: the dashboard's `datasource` variable. */
export const LOKI_DATASOURCE = { type: 'loki', uid: '${datasource}' };

/** A `datasource` variable of the given plugin type, defaulting to the datasource with that fixed uid. */
export function datasourceVariable(type: 'prometheus' | 'loki'): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label(type === 'loki' ? 'Loki' : 'Prometheus')
    .type(type)
    .current({ text: type === 'loki' ? 'Loki' : 'Prometheus', value: type });
}

/** One PromQL query (`legend` uses Grafana's `{{label}}` syntax). */
export interface PromTarget {
  /** The PromQL expression (Grafana macros such as `$__rate_interval` allowed). */
  readonly expr: string;
  /** Legend format, e.g. `{{pod}}`. @default Grafana's (the series' labels) */
  readonly legend?: string;
  /** Attach exemplars (trace ids) to the series: Grafana links them to Jaeger. @default false */
  readonly exemplar?: boolean;
}

/** The common settings of a numeric panel. */
export interface NumericPanelProps {
  /** Panel title. */
  readonly title: string;
  /** What the panel shows and how to read it (required by the dashboard lint). */
  readonly description: string;
  /** Grafana unit id, e.g. `reqps`, `s`, `percentunit`, `bytes`, `short`. */
  readonly unit: string;
  /** The queries, lettered A, B, … in order. */
  readonly targets: readonly PromTarget[];
  /**
   * Width in grid columns (of 24).
   * @default per panel kind: 12 for a time series, 4 for a stat, 8 for a bar gauge or pie chart
   */
  readonly width?: number;
  /**
   * Height in grid rows.
   * @default per panel kind: 8 for a time series, bar gauge or pie chart, 4 for a stat
   */
  readonly height?: number;
  /** Lower end of the axis or gauge. @default from the data */
  readonly min?: number;
  /** Upper end of the axis or gauge. @default from the data */
  readonly max?: number;
  /** Thresholds (green below the first, then yellow, then red). @default none (all green) */
  readonly thresholds?: readonly number[];
  /** Panel-relative time range, e.g. '24h', for totals. @default the dashboard's time range */
  readonly timeFrom?: string;
}

function promTargets(targets: readonly PromTarget[]): PrometheusQueryBuilder[] {
  return targets.map((target, index) => {
    const query = new PrometheusQueryBuilder().expr(target.expr).refId(String.fromCharCode(65 + index));
    if (target.legend !== undefined) query.legendFormat(target.legend);
    if (target.exemplar) query.exemplar(true);
    return query;
  });
}

function thresholds(steps: readonly number[] | undefined): ThresholdsConfigBuilder {
  const colors = ['green', 'yellow', 'red'];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null as unknown as number, color: 'green' },
    ...(steps ?? []).map((value, i) => ({ value, color: colors[Math.min(i + 1, 2)] })),
  ]);
}

/** Single-value panels show the last non-null value (Grafana's empty `calcs` would leave it to the UI). */
function lastValue(): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

type Numeric = TimeseriesPanel | StatPanel | BarGaugePanel | PieChartPanel;

function common<T extends Numeric>(panel: T, props: NumericPanelProps): T {
  panel.title(props.title).description(props.description).unit(props.unit).datasource(PROMETHEUS_DATASOURCE)
    .targets(promTargets(props.targets)).thresholds(thresholds(props.thresholds));
  if (props.width !== undefined) panel.span(props.width);
  if (props.height !== undefined) panel.height(props.height);
  if (props.min !== undefined) panel.min(props.min);
  if (props.max !== undefined) panel.max(props.max);
  if (props.timeFrom !== undefined) panel.timeFrom(props.timeFrom);
  return panel;
}

/** A time series panel. */
export function timeseriesPanel(props: NumericPanelProps): TimeseriesPanel {
  return common(new TimeseriesPanel(), { width: 12, height: 8, ...props });
}

/** A single-value panel. */
export function statPanel(props: NumericPanelProps): StatPanel {
  return common(new StatPanel(), { width: 4, height: 4, ...props }).reduceOptions(lastValue());
}

/** A bar gauge (top-N lists). */
export function barGaugePanel(props: NumericPanelProps): BarGaugePanel {
  return common(new BarGaugePanel(), { width: 8, height: 8, ...props }).reduceOptions(lastValue());
}

/** A pie chart. */
export function pieChartPanel(props: NumericPanelProps): PieChartPanel {
  return common(new PieChartPanel(), { width: 8, height: 8, ...props }).reduceOptions(lastValue());
}

/** A logs panel over a LogQL query. */
export function logsPanel(props: { title: string; description: string; expr: string; width?: number; height?: number }): LogsPanel {
  return new LogsPanel()
    .title(props.title)
    .description(props.description)
    .datasource(LOKI_DATASOURCE)
    .withTarget(new LokiQueryBuilder().expr(props.expr).refId('A'))
    .span(props.width ?? 24)
    .height(props.height ?? 12)
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true);
}

/** A time series panel over LogQL metric queries. */
export function lokiTimeseriesPanel(props: { title: string; description: string; unit: string; targets: ReadonlyArray<{ expr: string; legend?: string }>; width?: number; height?: number }): TimeseriesPanel {
  return new TimeseriesPanel()
    .title(props.title)
    .description(props.description)
    .unit(props.unit)
    .datasource(LOKI_DATASOURCE)
    .targets(props.targets.map((t, i) => {
      const query = new LokiQueryBuilder().expr(t.expr).refId(String.fromCharCode(65 + i));
      if (t.legend !== undefined) query.legendFormat(t.legend);
      return query;
    }))
    .span(props.width ?? 12)
    .height(props.height ?? 8);
}

/** Label matchers `{a="b", c=~"d"}` from a map; values starting with `~` are regex matches. */
export function matchers(selector: Readonly<Record<string, string>>, extra: readonly string[] = []): string {
  const parts = Object.entries(selector).map(([label, value]) =>
    value.startsWith('~') ? `${label}=~${JSON.stringify(value.slice(1))}` : `${label}=${JSON.stringify(value)}`);
  return `{${[...parts, ...extra].join(', ')}}`;
}
