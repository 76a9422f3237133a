/**
 * How Loki is deployed (the chart's `deploymentMode`). SimpleScalable is deliberately absent: it is
 * deprecated and removed in Loki 4, so this library offers the two modes that stay.
 */
export const LokiDeploymentMode = {
  /** One `-target=all` StatefulSet; filesystem or object storage. For dev and small installs (tens of GB/day). */
  MONOLITHIC: 'Monolithic',
  /** Separate distributor, ingester, querier… on object storage. For production and large installs. */
  DISTRIBUTED: 'Distributed',
} as const;
/** One Loki deployment mode (a {@link LokiDeploymentMode} value). */
export type LokiDeploymentMode = (typeof LokiDeploymentMode)[keyof typeof LokiDeploymentMode];
