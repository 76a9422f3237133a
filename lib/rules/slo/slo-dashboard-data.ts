import { alertWindows } from './burn-rate-window';
import type { SloDefinition } from './slo-definition';
import { SloLabel, SloRecord, errorRatioRecord } from './slo-names';

/** One burn-rate condition as a dashboard shows it (a threshold line on the burn-rate panel). */
export interface SloDashboardBurnRateThreshold {
  /** `page` or `ticket`. */
  readonly kind: string;
  /** The long window, e.g. `1h`. */
  readonly longWindow: string;
  /** The short window, e.g. `5m`. */
  readonly shortWindow: string;
  /** The burn-rate factor, e.g. 14.4. */
  readonly burnRateFactor: number;
}

/** The PromQL queries of an SLO dashboard, all over the recorded series of this SLO. */
export interface SloDashboardQueries {
  /** Share of the period's error budget left (1 = untouched, ≤ 0 = exhausted). */
  readonly errorBudgetRemaining: string;
  /** Burn rate over the last 5m (1 = exactly on budget). */
  readonly currentBurnRate: string;
  /** Burn rate over the whole period. */
  readonly periodBurnRate: string;
  /** The SLI (share of good events) over 5m, for a time series panel. */
  readonly sli: string;
  /** The SLI over the whole period. */
  readonly periodSli: string;
  /** The objective as a ratio, for a threshold line. */
  readonly objective: string;
  /** The error ratio per window (`5m`, `30m`, …, the period), keyed by window. */
  readonly errorRatioByWindow: Readonly<Record<string, string>>;
}

/** Everything the Grafana builder needs to render one SLO dashboard; plain data, no Grafana types. */
export interface SloDashboardData {
  /** A suggested dashboard uid (at most 40 characters, stable for the SLO). */
  readonly uid: string;
  /** A suggested title, e.g. `SLO / api-gateway / availability`. */
  readonly title: string;
  /** `sloth_id`. */
  readonly sloId: string;
  /** The service. */
  readonly service: string;
  /** The SLO name. */
  readonly slo: string;
  /** The description, if any. */
  readonly description?: string;
  /** The objective in percent. */
  readonly objectivePercent: number;
  /** The objective as a ratio. */
  readonly objectiveRatio: number;
  /** The error budget as a ratio. */
  readonly errorBudgetRatio: number;
  /** The period in days. */
  readonly periodDays: number;
  /** The selector every query uses, `{sloth_id="…", sloth_service="…", sloth_slo="…"}`. */
  readonly selector: string;
  /** The queries. */
  readonly queries: SloDashboardQueries;
  /** The burn-rate alert conditions. */
  readonly burnRateThresholds: ReadonlyArray<SloDashboardBurnRateThreshold>;
  /** Labels for tagging the dashboard (`slo`, the service). */
  readonly tags: ReadonlyArray<string>;
}

/** Builds the dashboard data of an SLO. */
export function sloDashboardData(slo: SloDefinition): SloDashboardData {
  const sel = slo.selector;
  const period = slo.period.toString();
  const errorRatio = (window: string) => `${errorRatioRecord(window)}${sel}`;
  const byWindow: Record<string, string> = {};
  for (const window of [...alertWindows(slo.period).map((w) => w.toPrometheus()), period]) byWindow[window] = errorRatio(window);
  return {
    uid: dashboardUid(slo.id),
    title: `SLO / ${slo.service} / ${slo.name}`,
    sloId: slo.id,
    service: slo.service,
    slo: slo.name,
    ...(slo.description !== undefined ? { description: slo.description } : {}),
    objectivePercent: slo.objectivePercent,
    objectiveRatio: slo.objectiveRatio,
    errorBudgetRatio: slo.errorBudgetRatio,
    periodDays: slo.period.days,
    selector: sel,
    queries: {
      errorBudgetRemaining: `${SloRecord.PERIOD_ERROR_BUDGET_REMAINING}${sel}`,
      currentBurnRate: `${SloRecord.CURRENT_BURN_RATE}${sel}`,
      periodBurnRate: `${SloRecord.PERIOD_BURN_RATE}${sel}`,
      sli: `1 - max without (${SloLabel.WINDOW}) (${errorRatio('5m')})`,
      periodSli: `1 - max without (${SloLabel.WINDOW}) (${errorRatio(period)})`,
      objective: `${SloRecord.OBJECTIVE}${sel}`,
      errorRatioByWindow: byWindow,
    },
    burnRateThresholds: slo.burnRateWindows.map((w) => ({
      kind: w.kind,
      longWindow: w.longWindow.toPrometheus(),
      shortWindow: w.shortWindow.toPrometheus(),
      burnRateFactor: w.burnRateFactor,
    })),
    tags: ['slo', slo.service],
  };
}

/** `slo-<id>`, shortened with a stable hash when longer than Grafana's 40-character uid limit. */
export function dashboardUid(id: string): string {
  const uid = `slo-${id}`;
  if (uid.length <= 40) return uid;
  return `${uid.slice(0, 31)}-${fnv1a(id)}`;
}

/** FNV-1a 32-bit as 8 hex digits: deterministic, dependency-free, enough to tell long ids apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
