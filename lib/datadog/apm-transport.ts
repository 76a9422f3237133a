/** How applications reach the agent's trace intake (APM). */
export const DatadogApmTransport = {
  /** No APM intake. */
  OFF: 'off',
  /** A Unix socket on the node (`/var/run/datadog/apm.socket`), mounted into pods; no host port. */
  SOCKET: 'socket',
  /** Host port 8126 on every node (reachable from anything that can reach the node: firewall it). */
  HOST_PORT: 'host-port',
  /** Both the socket and host port 8126. */
  SOCKET_AND_HOST_PORT: 'socket-and-host-port',
} as const;
/** One of the {@link DatadogApmTransport} values. */
export type DatadogApmTransport = (typeof DatadogApmTransport)[keyof typeof DatadogApmTransport];

/** The trace intake port of the agent (chart value `datadog.apm.port`). */
export const DATADOG_APM_PORT = 8126;
/** The DogStatsD port of the agent (chart value `datadog.dogstatsd.port`). */
export const DATADOG_DOGSTATSD_PORT = 8125;
