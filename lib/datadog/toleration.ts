import { isLabelKey } from '../core/kubernetes-labels';
import { ValidationError, show } from '../core/validation-error';

/** The taint effects a toleration can match. */
export const DatadogTaintEffect = {
  NO_SCHEDULE: 'NoSchedule',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
  NO_EXECUTE: 'NoExecute',
} as const;
/** One of the {@link DatadogTaintEffect} values. */
export type DatadogTaintEffect = (typeof DatadogTaintEffect)[keyof typeof DatadogTaintEffect];

/**
 * A Kubernetes toleration, built with the static methods so that the operator and its fields agree
 * (`Exists` takes no value, `Equal` needs one).
 */
export class DatadogToleration {
  /** Tolerates every taint: a node agent that must run on every node (control plane, GPU pools…). */
  public static all(): DatadogToleration {
    return new DatadogToleration({ operator: 'Exists' });
  }

  /** Tolerates taints with `key` (any value), optionally only with `effect`. */
  public static exists(key: string, effect?: DatadogTaintEffect): DatadogToleration {
    return new DatadogToleration({ key, operator: 'Exists', effect });
  }

  /** Tolerates taints `key=value`, optionally only with `effect`. */
  public static equal(key: string, value: string, effect?: DatadogTaintEffect): DatadogToleration {
    return new DatadogToleration({ key, operator: 'Equal', value, effect });
  }

  private constructor(private readonly spec: { key?: string; operator: 'Exists' | 'Equal'; value?: string; effect?: DatadogTaintEffect }) {}

  /** The toleration as Kubernetes takes it; checks the key and effect. */
  public render(where: string): Record<string, string> {
    const { key, operator, value, effect } = this.spec;
    if (key !== undefined && !isLabelKey(key)) {
      throw new ValidationError(where, `toleration key ${show(key)} is not a valid taint key; write e.g. "node-role.kubernetes.io/control-plane".`);
    }
    if (effect !== undefined && !Object.values(DatadogTaintEffect).includes(effect)) {
      throw new ValidationError(where, `toleration effect ${show(effect)} is not one of ${Object.values(DatadogTaintEffect).join(', ')} (DatadogTaintEffect.*).`);
    }
    if (operator === 'Equal' && (typeof value !== 'string' || value.length > 63)) {
      throw new ValidationError(where, `toleration ${show(key)} needs a value of at most 63 characters, not ${show(value)}; or use DatadogToleration.exists(${show(key)}).`);
    }
    return {
      ...(key !== undefined ? { key } : {}),
      operator,
      ...(operator === 'Equal' ? { value: value as string } : {}),
      ...(effect !== undefined ? { effect } : {}),
    };
  }
}
