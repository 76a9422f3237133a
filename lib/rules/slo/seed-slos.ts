import { Severity } from '../severity';
import { ServiceLevelObjective } from './service-level-objective';
import { Sli } from './sli';

/** Options of {@link seedSlos}. */
export interface SeedSlosProps {
  /**
   * Base of the runbook links.
   * @default "https://runbooks.mindweave.io/slo" (the seed's runbook host)
   */
  readonly runbookBaseUrl?: string;
  /**
   * Dashboard link on the alerts.
   * @default none
   */
  readonly dashboardUrl?: string;
}

/**
 * The SLOs of seed 002 § 6.1 with the error budget policy of § 6.2, as the seed means them:
 *
 * - api-gateway `availability` 99.9 %: 5xx responses of `http_requests_total` are bad.
 * - api-gateway `latency` 99 % ("p99 < 500ms"): the seed's error query counts the requests in the
 *   `le="0.5"` bucket, i.e. the FAST ones, as errors, which would page on a healthy service. Bad events
 *   are total − bucket at 0.5 s, matched by number (`le` may be spelled `0.5` or `0.50`).
 * - usage-tracker `ingestion-availability` 99.99 %: dropped / received events; a service that never
 *   dropped an event has no `usage_events_dropped_total` series, which counts as 0 errors (the seed's
 *   query would give "no data").
 * - usage-tracker `processing-latency` 99 % within 100 ms: the same bucket inversion as above, fixed.
 *
 * Also from the seed: labels `team: platform`, `tier: critical`, its alert names and summaries, page
 * alerts critical and ticket alerts warning; budget alerts at 75/50/25/0 % for api-gateway and at
 * 50/0 % for usage-tracker (§ 6.2 lists only those steps for it).
 */
export function seedSlos(props: SeedSlosProps = {}): ServiceLevelObjective[] {
  const common = {
    labels: { team: 'platform', tier: 'critical' },
    team: 'platform',
    runbookBaseUrl: props.runbookBaseUrl ?? 'https://runbooks.mindweave.io/slo',
    ...(props.dashboardUrl !== undefined ? { dashboardUrl: props.dashboardUrl } : {}),
  };
  const usageTrackerPolicy = [
    { remainingPercent: 50, severity: Severity.WARNING },
    { remainingPercent: 0, severity: Severity.CRITICAL },
  ];
  return [
    new ServiceLevelObjective({
      ...common,
      service: 'api-gateway',
      name: 'availability',
      objectivePercent: 99.9,
      description: 'API Gateway availability',
      sli: Sli.eventsFromCounter({
        metric: 'http_requests_total',
        selector: { service: 'api-gateway' },
        errorSelector: { status_code: /5../ },
      }),
      alertName: 'MindWeaveAPIGatewayAvailability',
      alertSummary: 'API Gateway availability SLO breach',
    }),
    new ServiceLevelObjective({
      ...common,
      service: 'api-gateway',
      name: 'latency',
      objectivePercent: 99,
      description: 'API Gateway latency: 99% of requests complete within 500ms',
      sli: Sli.latency({ histogram: 'http_request_duration_seconds', selector: { service: 'api-gateway' }, thresholdSeconds: 0.5 }),
      alertName: 'MindWeaveAPIGatewayLatency',
      alertSummary: 'API Gateway latency SLO breach',
    }),
    new ServiceLevelObjective({
      ...common,
      service: 'usage-tracker',
      name: 'ingestion-availability',
      objectivePercent: 99.99,
      description: 'Usage data ingestion availability',
      sli: Sli.eventsFromCounter({ metric: 'usage_events_received_total', errorMetric: 'usage_events_dropped_total' }),
      alertName: 'MindWeaveUsageTrackerIngestion',
      errorBudgetAlerts: usageTrackerPolicy,
    }),
    new ServiceLevelObjective({
      ...common,
      service: 'usage-tracker',
      name: 'processing-latency',
      objectivePercent: 99,
      description: 'Usage events processed within 100ms',
      sli: Sli.latency({ histogram: 'usage_event_processing_duration_seconds', thresholdSeconds: 0.1 }),
      alertName: 'MindWeaveUsageTrackerProcessingLatency',
      errorBudgetAlerts: usageTrackerPolicy,
    }),
  ];
}
