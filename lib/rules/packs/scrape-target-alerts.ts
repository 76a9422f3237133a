import { AlertSpec, alertSpecs } from './alert-pack';
import { AlertOptions } from './pack-props';
import { Severity } from '../severity';

/** The props of a component's two scrape-target alerts. */
export interface ScrapeTargetAlertProps {
  /**
   * `<component>Down`: a replica's scrape fails (`up == 0`); takes no threshold.
   * @default for 5m, the pack's severity
   */
  readonly down?: AlertOptions | false;
  /**
   * `<component>Absent`: no scrape target of the selector at all; takes no threshold.
   * @default for 15m, the pack's severity
   */
  readonly absent?: AlertOptions | false;
}

/** What the two alerts read: a series selector of the pack's selector. */
export interface ScrapeTargetTerms {
  /** A series selector of `metric` with the pack's selector. */
  readonly series: (metric: string) => string;
}

/**
 * A component pack's alerts on its own scrape targets: `<component>Down`, a replica's `up` is 0 (for 5m),
 * and `<component>Absent`, no target of the selector at all (for 15m: the scrape is gone, so every other
 * alert of the pack is silent). `downEffect` says what a replica down means to its users.
 */
export function scrapeTargetAlerts<P extends ScrapeTargetAlertProps, T extends ScrapeTargetTerms>(component: string, severity: Severity, downEffect: string): Array<AlertSpec<P, T>> {
  const alert = alertSpecs<P, T>();
  return [
    alert({
      name: `${component}Down`, prop: 'down', severity, for: '5m',
      noThreshold: "fires when a replica's `up` is 0",
      expr: (t) => `${t.series('up')} == 0`,
      summary: `${component} {{ $labels.namespace }}/{{ $labels.pod }} is down`,
      description: (t) => `The scrape of ${component} {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.instance }}) has failed for ${t.for}: ${downEffect}.`,
    }),
    alert({
      name: `${component}Absent`, prop: 'absent', severity, for: '15m',
      noThreshold: 'fires when no scrape target of the selector exists',
      expr: (t) => `absent(${t.series('up')})`,
      summary: `${component} has disappeared from Prometheus target discovery`,
      description: (t) => `No ${component} target has been scraped for ${t.for}: ${component} is gone, or its ServiceMonitor is, so none of its alerts can fire.`,
    }),
  ];
}
