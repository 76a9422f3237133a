import { Namespace } from '@cdktf/provider-kubernetes/lib/namespace';
import { Construct } from 'constructs';
import { DNS_LABEL } from '../core/input-checks';
import { INamespace } from '../core/namespace';
import { ValidationError, show } from '../core/validation-error';
import { LABEL_KEY_RULE, LABEL_VALUE_RULE, isLabelKey, isLabelValue } from '../core/kubernetes-labels';
import { withoutStackTraces } from '../core/without-stack-traces';

/** Pod Security Admission levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export const PodSecurityLevel = {
  /** No restrictions. Needed where node-level agents (node-exporter, log shippers) run. */
  PRIVILEGED: 'privileged',
  /** Blocks known privilege escalations. */
  BASELINE: 'baseline',
  /** Current pod hardening best practice. */
  RESTRICTED: 'restricted',
} as const;
/** One Pod Security Standards level (a {@link PodSecurityLevel} value). */
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

/** Props of {@link MonitoringNamespace}. */
export interface MonitoringNamespaceProps {
  /**
   * Namespace name (a DNS-1123 label).
   * @default 'monitoring'
   */
  readonly name?: string;
  /**
   * Pod Security Admission level enforced in the namespace. Node-level agents of the stack
   * (node-exporter, Fluent Bit, the Datadog agent) mount host paths, which `baseline` and
   * `restricted` forbid; the stack's components run non-root either way.
   * @default PodSecurityLevel.PRIVILEGED
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Level that is audited and warned about (without blocking), so violations show before they are enforced.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly warn?: PodSecurityLevel;
  /**
   * Labels put on the namespace (and used as common labels by the components).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/**
 * The namespace the monitoring stack runs in, with Pod Security Admission labels and the common
 * labels every component of the stack carries. Components given it as their `namespace` are
 * installed after it, so the first apply on an empty cluster works in one go.
 */
export class MonitoringNamespace extends Construct implements INamespace {
  /** Namespace name. Pass the MonitoringNamespace itself as the components' `namespace` prop, so they wait for it. */
  public readonly namespaceName: string;
  /** Labels common to the stack's objects (`app.kubernetes.io/part-of` plus the user's). */
  public readonly commonLabels: Readonly<Record<string, string>>;
  /** Enforced Pod Security Admission level. */
  public readonly enforce: PodSecurityLevel;
  /** The Terraform resource. */
  public readonly resource: Namespace;

  constructor(scope: Construct, id: string, props: MonitoringNamespaceProps = {}) {
    super(scope, id);
    const path = this.node.path;
    this.namespaceName = props.name ?? 'monitoring';
    if (typeof this.namespaceName !== 'string' || !DNS_LABEL.test(this.namespaceName)) {
      throw new ValidationError(path, `namespace name ${show(this.namespaceName)} is not a DNS-1123 label; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. "monitoring").`);
    }
    const levels = Object.values(PodSecurityLevel) as string[];
    for (const [prop, level] of [['enforce', props.enforce], ['warn', props.warn]] as const) {
      if (level !== undefined && !levels.includes(level)) {
        throw new ValidationError(path, `${prop} level ${show(level)} is not a Pod Security Admission level; use one of ${levels.join(', ')} (PodSecurityLevel.*).`);
      }
    }
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      if (!isLabelKey(key)) {
        throw new ValidationError(path, `label key ${show(key)} is not a Kubernetes label key; ${LABEL_KEY_RULE}.`);
      }
      if (typeof value !== 'string') {
        throw new ValidationError(path, `label ${key}=${show(value)} is not a string; quote it (e.g. ${show(String(value))}).`);
      }
      if (!isLabelValue(value)) {
        throw new ValidationError(path, `label ${key}=${show(value)} is not a Kubernetes label value; ${LABEL_VALUE_RULE}.`);
      }
    }
    this.enforce = props.enforce ?? PodSecurityLevel.PRIVILEGED;
    const warn = props.warn ?? PodSecurityLevel.RESTRICTED;
    this.commonLabels = { 'app.kubernetes.io/part-of': 'monitoring', ...(props.labels ?? {}) };

    this.resource = withoutStackTraces(() => new Namespace(this, 'namespace', {
      metadata: {
        name: this.namespaceName,
        labels: {
          ...this.commonLabels,
          'pod-security.kubernetes.io/enforce': this.enforce,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': warn,
          'pod-security.kubernetes.io/warn-version': 'latest',
          'pod-security.kubernetes.io/audit': warn,
          'pod-security.kubernetes.io/audit-version': 'latest',
        },
      },
    }));
  }
}
