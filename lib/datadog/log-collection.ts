/**
 * Which container logs the Datadog agent collects.
 *
 * When the Fluent Bit `LogShipper` also runs, `ALL_CONTAINERS` would read every log line twice
 * (two agents tailing the same `/var/log/pods` files, two bills). The default is therefore
 * `ANNOTATED_ONLY` beside a log shipper and `ALL_CONTAINERS` without one (see `DatadogAgentProps`).
 */
export const DatadogLogCollection = {
  /** No log collection by the Datadog agent. */
  OFF: 'off',
  /** Every container's logs (`datadog.logs.containerCollectAll`). */
  ALL_CONTAINERS: 'all-containers',
  /**
   * Only containers that opt in with Autodiscovery annotations
   * (`ad.datadoghq.com/<container>.logs: '[{"source": "...", "service": "..."}]'`): teams that page
   * from Datadog choose their pods, everything else stays with the log shipper.
   */
  ANNOTATED_ONLY: 'annotated-only',
} as const;
/** One of the {@link DatadogLogCollection} values. */
export type DatadogLogCollection = (typeof DatadogLogCollection)[keyof typeof DatadogLogCollection];
