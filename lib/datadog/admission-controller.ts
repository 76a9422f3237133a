/**
 * The Cluster Agent's admission controller, which injects `DD_AGENT_HOST`, `DD_ENV`/`DD_SERVICE`
 * and the APM socket into pods.
 */
export const DatadogAdmissionController = {
  /** No webhook. */
  OFF: 'off',
  /** Only pods labelled `admission.datadoghq.com/enabled: "true"` are mutated (chart default). */
  LABELLED_PODS_ONLY: 'labelled-pods-only',
  /**
   * Every pod is mutated (`mutateUnlabelled: true`), including pods of other teams and of this
   * monitoring stack; choose it knowingly.
   */
  ALL_PODS: 'all-pods',
} as const;
/** One of the {@link DatadogAdmissionController} values. */
export type DatadogAdmissionController = (typeof DatadogAdmissionController)[keyof typeof DatadogAdmissionController];
