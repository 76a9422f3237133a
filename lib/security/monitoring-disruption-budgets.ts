import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { Construct } from 'constructs';
import { IMonitoringComponent, checkComponents } from '../contracts/monitoring-component';
import { ValidationError, show } from '../core/validation-error';
import { NamespaceProp, dependsOnEntries, resolveNamespace } from '../core/namespace';
import { MANAGED_BY_LABEL } from '../core/managed-by';

/** Props of {@link MonitoringDisruptionBudgets}. */
export interface MonitoringDisruptionBudgetsProps {
  /** Namespace of the components (and of the budgets); the budgets wait for it when this program creates it. */
  readonly namespace: NamespaceProp;
  /** The stack's components; each names the budgets its chart does not create. */
  readonly components: readonly IMonitoringComponent[];
}

/**
 * PodDisruptionBudgets (maxUnavailable 1) for the replicated components whose charts offer none
 * (jaeger 4.11.1) or offer one only through keys the chart documents in comments
 * (opentelemetry-collector's min/maxAvailable). The other components get theirs from chart values.
 */
export class MonitoringDisruptionBudgets extends Construct {
  /** The budgets by name. */
  public readonly budgets: ReadonlyMap<string, PodDisruptionBudgetV1>;

  constructor(scope: Construct, id: string, props: MonitoringDisruptionBudgetsProps) {
    super(scope, id);
    const namespace = resolveNamespace(props.namespace, this.node.path);
    const budgets = new Map<string, PodDisruptionBudgetV1>();
    for (const spec of checkComponents(props.components, this.node.path).flatMap((component) => component.disruptionBudgets())) {
      if (budgets.has(spec.name)) throw new ValidationError(this.node.path, `two components want a PodDisruptionBudget named ${show(spec.name)}; give the components different release names.`);
      const budget = new PodDisruptionBudgetV1(this, spec.name, {
        metadata: { name: spec.name, namespace: namespace.namespaceName, labels: { ...MANAGED_BY_LABEL, 'app.kubernetes.io/part-of': 'monitoring' } },
        spec: { maxUnavailable: '1', selector: { matchLabels: { ...spec.podLabels } } },
      });
      budget.dependsOn = dependsOnEntries([namespace.resource]);
      budgets.set(spec.name, budget);
    }
    this.budgets = budgets;
  }
}
