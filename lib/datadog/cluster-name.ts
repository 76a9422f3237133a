import { ValidationError, show } from '../core/validation-error';

/**
 * Datadog's rule for cluster names, as enforced by the agent
 * (datadog-agent `pkg/util/kubernetes/clustername/clustername.go`, `validClusterName`) and
 * documented in the chart's `datadog.clusterName` comment: dot-separated tokens of lowercase
 * letters, digits and hyphens, each starting with a letter and ending with a letter or digit;
 * at most 80 characters overall. Dots are allowed (unlike GKE names). An invalid name makes the
 * agent ignore it, so hosts lose their cluster scope silently: we fail at synth instead.
 */
const CLUSTER_NAME_TOKEN = '[a-z](?:[a-z0-9-]*[a-z0-9])?';
const CLUSTER_NAME = new RegExp(`^(?:${CLUSTER_NAME_TOKEN}\\.)*${CLUSTER_NAME_TOKEN}$`);
/** The longest cluster name Datadog accepts. */
export const DATADOG_CLUSTER_NAME_MAX_LENGTH = 80;

/** Returns `name` when Datadog accepts it as a cluster name; throws a ValidationError otherwise. */
export function validateDatadogClusterName(name: unknown, where: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ValidationError(where, `clusterName ${show(name)} is empty; give the cluster's name, e.g. "prod-eu-1".`);
  }
  if (name.length > DATADOG_CLUSTER_NAME_MAX_LENGTH) {
    throw new ValidationError(where, `clusterName ${show(name)} has ${name.length} characters; Datadog allows at most ${DATADOG_CLUSTER_NAME_MAX_LENGTH}, so shorten it.`);
  }
  if (!CLUSTER_NAME.test(name)) {
    throw new ValidationError(
      where,
      `clusterName ${show(name)} breaks Datadog's rule (lowercase letters, digits, '-' and '.'; each dot-separated part starts with a letter and ends with a letter or digit); write e.g. ${show(suggestClusterName(name))}.`,
    );
  }
  return name;
}

function suggestClusterName(name: string): string {
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .split('.')
    .map((part) => part.replace(/^[^a-z]+/, '').replace(/[^a-z0-9]+$/, ''))
    .filter((part) => part !== '')
    .join('.');
  return fixed === '' ? 'prod-eu-1' : fixed.slice(0, DATADOG_CLUSTER_NAME_MAX_LENGTH);
}
