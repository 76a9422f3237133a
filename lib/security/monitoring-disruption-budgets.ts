import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { Construct } from 'constructs';
import { IMonitoringComponent, checkComponents } from '../contracts/monitoring-component';
import { ValidationError, show } from '../core/validation-error';
import { INamespace, NamespaceProp, dependsOnEntries, resolveNamespace } from '../core/namespace';
import { MANAGED_BY_LABEL } from '../core/managed-by';
import { withoutStackTraces } from '../core/without-stack-traces';

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
  private readonly namespace: INamespace;
  private readonly byName = new Map<string, PodDisruptionBudgetV1>();

  constructor(scope: Construct, id: string, props: MonitoringDisruptionBudgetsProps) {
    super(scope, id);
    this.namespace = resolveNamespace(props.namespace, this.node.path);
    this.budgets = this.byName;
    for (const component of checkComponents(props.components, this.node.path)) this.addComponent(component);
  }

  /** Adds the budgets of a component added after construction (an extra release registered with the stack). */
  public addComponent(component: IMonitoringComponent): void {
    const [checked] = checkComponents([component], this.node.path);
    const specs = checked.disruptionBudgets();
    for (const spec of specs) {
      if (this.byName.has(spec.name) || specs.filter((s) => s.name === spec.name).length > 1) {
        throw new ValidationError(this.node.path, `two components want a PodDisruptionBudget named ${show(spec.name)}; give the components different release names.`);
      }
    }
    for (const spec of specs) {
      const budget = withoutStackTraces(() => new PodDisruptionBudgetV1(this, spec.name, {
        metadata: { name: spec.name, namespace: this.namespace.namespaceName, labels: { ...MANAGED_BY_LABEL, 'app.kubernetes.io/part-of': 'monitoring' } },
        spec: { maxUnavailable: '1', selector: { matchLabels: { ...spec.podLabels } } },
      }));
      budget.dependsOn = dependsOnEntries([this.namespace.resource]);
      this.byName.set(spec.name, budget);
    }
  }
}
