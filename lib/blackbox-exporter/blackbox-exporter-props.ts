import { NamespaceProp } from '../core/namespace';
import { ResourceRequirements } from '../core/resources';
import { BlackboxModule } from './blackbox-module';
import type { ChartValuesOverride } from '../core/chart-values-override';

/** Props of {@link BlackboxExporter}. */
export interface BlackboxExporterProps {
  /** Namespace to install into. */
  readonly namespace: NamespaceProp;
  /**
   * The exporter's modules (its `config.modules`), each with a unique name.
   * @default [BlackboxModule.http2xx()]
   */
  readonly modules?: ReadonlyArray<BlackboxModule>;
  /**
   * Helm release name; also the Service name.
   * @default 'blackbox-exporter'
   */
  readonly releaseName?: string;
  /**
   * Replicas; with 2 or more the chart's PodDisruptionBudget keeps one up during node drains.
   * @default BLACKBOX_EXPORTER_DEFAULTS.replicas (1)
   */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the exporter container.
   * @default BLACKBOX_EXPORTER_DEFAULTS.resources
   */
  readonly resources?: ResourceRequirements;
  /**
   * Chart values for what no typed prop covers yet, deep-merged last over the values this construct
   * renders (docs/extending.md): credentials refused, listed in the review, escaped like the rest.
   * @default none
   */
  readonly chartValues?: ChartValuesOverride;
}
