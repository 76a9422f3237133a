import { NamespaceProp } from '../core/namespace';
import { PodAntiAffinity } from '../core/pod-anti-affinity';
import { ResourceRequirements } from '../core/resources';
import { AlertmanagerConfig } from './alertmanager-config';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Props of {@link Alertmanager}. */
export interface AlertmanagerProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /** The typed configuration: routes, receivers, inhibit rules, templates (e.g. `SeverityPolicy.create(...)`). */
  readonly config: AlertmanagerConfig;
  /**
   * Helm release name; also the Service name.
   * @default 'alertmanager'
   */
  readonly releaseName?: string;
  /**
   * Replicas; more than one form a gossip cluster that deduplicates notifications (3 in prod).
   * @default ALERTMANAGER_DEFAULTS.replicas (1)
   */
  readonly replicas?: number;
  /** Volume per replica for silences and the notification log, GiB; 0 for an emptyDir. @default ALERTMANAGER_DEFAULTS.storageGiB (2) */
  readonly storageGiB?: number;
  /**
   * StorageClass of the per-replica volume (unused when `storageGiB` is 0).
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * CPU and memory requests and limits of the Alertmanager container.
   * @default ALERTMANAGER_DEFAULTS.resources
   */
  readonly resources?: ResourceRequirements;
  /** URL users reach Alertmanager at, for links in notifications. @default none */
  readonly externalUrl?: string;
  /**
   * How strictly replicas are spread over nodes (the chart's `podAntiAffinity`).
   * @default PodAntiAffinity.HARD with 2+ replicas, otherwise none
   */
  readonly podAntiAffinity?: PodAntiAffinity;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}
