import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { Construct } from 'constructs';
import { NamespaceProp, dependsOnEntries, resolveNamespace } from '../core/namespace';
import type { Jaeger } from '../jaeger/jaeger';
import type { OtelCollector } from '../otel-collector/otel-collector';
import { PodLabels, PodSelectors } from './pod-selectors';

/** Props of {@link MonitoringDisruptionBudgets}. */
export interface MonitoringDisruptionBudgetsProps {
  /** Namespace of the components (and of the budgets); the budgets wait for it when this program creates it. */
  readonly namespace: NamespaceProp;
  /** The stack's Jaeger; budgeted when it has more than one replica. @default none */
  readonly jaeger?: Jaeger;
  /** The stack's OpenTelemetry collector; budgeted when it has more than one replica. @default none */
  readonly otelCollector?: OtelCollector;
}

/**
 * PodDisruptionBudgets (maxUnavailable 1) for the replicated components whose charts offer none
 * (jaeger 4.11.1) or offer one only through keys the chart documents in comments
 * (opentelemetry-collector's min/maxAvailable). The other components get theirs from chart values.
 * One replica gets no budget: it would block every node drain.
 */
export class MonitoringDisruptionBudgets extends Construct {
  /** The budgets by name. */
  public readonly budgets: ReadonlyMap<string, PodDisruptionBudgetV1>;

  constructor(scope: Construct, id: string, props: MonitoringDisruptionBudgetsProps) {
    super(scope, id);
    const namespace = resolveNamespace(props.namespace, this.node.path);
    const budgets = new Map<string, PodDisruptionBudgetV1>();
    const add = (name: string, replicas: number, labels: PodLabels) => {
      if (replicas < 2) return;
      const budget = new PodDisruptionBudgetV1(this, name, {
        metadata: { name, namespace: namespace.namespaceName, labels: { 'app.kubernetes.io/managed-by': 'terraform', 'app.kubernetes.io/part-of': 'monitoring' } },
        spec: { maxUnavailable: '1', selector: { matchLabels: { ...labels } } },
      });
      budget.dependsOn = dependsOnEntries([namespace.resource]);
      budgets.set(name, budget);
    };
    if (props.jaeger) add(props.jaeger.releaseName, props.jaeger.replicas, PodSelectors.jaeger(props.jaeger.releaseName));
    if (props.otelCollector) add(props.otelCollector.releaseName, props.otelCollector.replicas, PodSelectors.otelCollector(props.otelCollector.releaseName));
    this.budgets = budgets;
  }
}
