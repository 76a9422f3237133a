import { ValidationError, show } from '../core/validation-error';
import { IngressRule, PeerRole, PodLabels } from './network-peer';

/** The pods a component plays a {@link PeerRole} with, as a client of other components. */
export interface PeerIdentity {
  /** The role. */
  readonly role: PeerRole;
  /** What the pods are, for review ("Prometheus"). */
  readonly description: string;
  /** Labels of those pods. */
  readonly podLabels: PodLabels;
}

/** An ingress NetworkPolicy a component wants for some of its pods. */
export interface NetworkPolicySpec {
  /** Name of the NetworkPolicy object (unique in the namespace). */
  readonly name: string;
  /** Labels of the pods the policy applies to. */
  readonly podLabels: PodLabels;
  /** Pods with one of these `app.kubernetes.io/component` values are left out. @default none */
  readonly exceptComponents?: readonly string[];
  /** Who may reach those pods, on which ports. */
  readonly ingress: readonly IngressRule[];
}

/** A PodDisruptionBudget (maxUnavailable 1) a component needs and its chart does not create. */
export interface DisruptionBudgetSpec {
  /** Name of the PodDisruptionBudget object. */
  readonly name: string;
  /** Labels of the pods it covers. */
  readonly podLabels: PodLabels;
}

/**
 * What a component of the stack tells the cross-cutting parts about itself, so that they iterate
 * over components instead of naming them (kube-prometheus's per-component `networkPolicy` and
 * `podDisruptionBudget` are the model): the roles its pods play as clients, the ingress its pods
 * accept, and the disruption budgets its chart lacks. A component's Grafana datasource is
 * {@link IGrafanaDatasource}, its review record `ReviewArtifacts.addComponent`.
 */
export interface IMonitoringComponent {
  /** The roles the component's pods play when they call other components. */
  peerIdentities(): readonly PeerIdentity[];
  /** Ingress NetworkPolicies for the component's pods (the namespace denies everything else). */
  networkPolicies(): readonly NetworkPolicySpec[];
  /** PodDisruptionBudgets the stack must create for the component (none when its chart has one or it runs one replica). */
  disruptionBudgets(): readonly DisruptionBudgetSpec[];
}

/** Whether `value` implements {@link IMonitoringComponent}. */
function isMonitoringComponent(value: unknown): value is IMonitoringComponent {
  const candidate = value as Partial<IMonitoringComponent> | undefined;
  return typeof candidate?.networkPolicies === 'function' && typeof candidate.peerIdentities === 'function' && typeof candidate.disruptionBudgets === 'function';
}

/** The `components` prop of the stack-wide constructs: a list of {@link IMonitoringComponent}s. */
export function checkComponents(value: unknown, where: string): readonly IMonitoringComponent[] {
  if (!Array.isArray(value)) {
    throw new ValidationError(where, `components ${show(value)} is not a list; pass the stack's components, e.g. components: [prometheus, alertmanager, grafana].`);
  }
  value.forEach((component, index) => {
    if (!isMonitoringComponent(component)) {
      throw new ValidationError(where, `components[${index}] ${show(component)} is not a component of the stack (IMonitoringComponent); pass the constructs themselves (Prometheus, Loki, …), not their names or props.`);
    }
  });
  return value;
}
