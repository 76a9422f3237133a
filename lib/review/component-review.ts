import { HelmChartRef } from '../core/charts';
import { ResourceRequirements } from '../core/resources';

// What components tell the review, apart from ReviewArtifacts, so that the renderers of summary.md
// and components.json (which ReviewArtifacts calls) do not import it back: no import loops in lib/review.

/** What a component tells the reviewer about itself, for summary.md. */
export interface ComponentReview {
  /** Kind of component, e.g. `Prometheus`. */
  readonly component: string;
  /** Construct path, e.g. `monitoring-prod/prometheus`. */
  readonly constructPath: string;
  /** Kubernetes namespace the component runs in. */
  readonly namespace: string;
  /** The Helm chart it deploys, if any. */
  readonly chart?: HelmChartRef;
  /**
   * Replicas of the main workload.
   * @default per node: the main workload is a DaemonSet (one pod on every node), e.g. Fluent Bit
   */
  readonly replicas?: number;
  /** Retention of the data it keeps, e.g. `15d`. */
  readonly retention?: string;
  /** Persistent storage per replica, e.g. `100Gi`. */
  readonly storage?: string;
  /**
   * Requests and limits of the main container, per replica.
   * @default not shown (the chart's own)
   */
  readonly resources?: ResourceRequirements;
  /**
   * Further workloads of the component with their own sizing, e.g. the Datadog Cluster Agent next to
   * the node agent, or node-exporter next to Prometheus. They count in the totals.
   * @default none
   */
  readonly otherWorkloads?: ReadonlyArray<WorkloadReview>;
}

/** A further workload of a component, for the summary's sizing and totals. */
export interface WorkloadReview {
  /** What it is, e.g. `cluster-agent` or `node-exporter`. */
  readonly name: string;
  /**
   * Replicas.
   * @default per node: a DaemonSet
   */
  readonly replicas?: number;
  /** Requests and limits of its main container, per replica. */
  readonly resources: ResourceRequirements;
}

/** A section of summary.md contributed by a component (rules, routing tree, dashboards…). */
export interface SummarySection {
  /** Heading of the section in summary.md. */
  readonly title: string;
  /** Sections are ordered by this, then by title. */
  readonly order: number;
  /** Renders the section's Markdown body; called at synth. */
  readonly render: () => string;
}
