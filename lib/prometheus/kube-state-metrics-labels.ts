import { showUrl } from '../core/secret-reference';
import { ValidationError, show } from '../core/validation-error';
import { isLabelKey } from '../core/kubernetes-labels';

// Kubernetes resources by their plural, lowercase name, as kube-state-metrics' allowlists spell them.
const RESOURCE = /^[a-z][a-z0-9]*$/;
const EXAMPLE = "kubeStateMetricsLabels: { pods: ['team', 'app.kubernetes.io/name'] }";

/**
 * kube-state-metrics' `--metric-labels-allowlist` entries (`pods=[team,app.kubernetes.io/name]`), from
 * the `kubeStateMetricsLabels` prop: resources sorted by name (deterministic output), each label a
 * Kubernetes label key or `*`. Empty when none is given.
 */
export function renderKubeStateMetricsLabels(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(where, `kubeStateMetricsLabels ${show(value)} is not a map of resources to label keys; write e.g. ${EXAMPLE}.`);
  }
  return Object.keys(value).sort().map((resource) => {
    const labels = (value as Record<string, unknown>)[resource];
    if (!RESOURCE.test(resource)) {
      throw new ValidationError(where, `kubeStateMetricsLabels key ${show(resource)} is not a Kubernetes resource name; use the plural lowercase name, e.g. "pods", "deployments", "namespaces" (${EXAMPLE}).`);
    }
    if (!Array.isArray(labels) || labels.length === 0) {
      throw new ValidationError(where, `kubeStateMetricsLabels.${resource} ${show(labels)} must list at least one label key, e.g. ['team'] (or leave ${resource} out).`);
    }
    const seen = new Set<string>();
    for (const label of labels) {
      if (label !== '*' && !isLabelKey(label)) {
        throw new ValidationError(where, `kubeStateMetricsLabels.${resource} entry ${show(label)} is not a Kubernetes label key; write e.g. "team" or "app.kubernetes.io/name", or "*" for every label.`);
      }
      if (seen.has(label)) throw new ValidationError(where, `kubeStateMetricsLabels.${resource} lists ${show(label)} twice; keep one.`);
      seen.add(label);
    }
    if (seen.has('*') && seen.size > 1) {
      throw new ValidationError(where, `kubeStateMetricsLabels.${resource} ${show(labels)} mixes "*" with named labels; "*" already exposes every label, so give either ["*"] or the names.`);
    }
    return `${resource}=[${(labels as string[]).join(',')}]`;
  });
}

/** An optional external URL: http(s), a host, no credentials, no spaces; undefined stays undefined. */
export function checkExternalUrl(value: unknown, where: string, example: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^https?:\/\/[^\s/@?#]+(\/[^\s?#]*)?$/.test(value)) {
    throw new ValidationError(where, `externalUrl ${showUrl(value)} is not an http(s) URL without credentials, query or fragment; write the address users open, e.g. ${show(example)}.`);
  }
  return value;
}
