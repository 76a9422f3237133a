import { KUBERNETES_NAME } from './input-checks';

// Kubernetes' qualified name: up to 63 letters, digits, '-', '_' and '.', alphanumeric at both ends.
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** What a label key (and a taint key) may be, for the fix of an error message. */
export const LABEL_KEY_RULE = "a label key is up to 63 letters, digits, '-', '_' and '.', alphanumeric at both ends, optionally after a DNS prefix and '/' (e.g. \"app.kubernetes.io/name\")";
/** What an annotation key may be, for the fix of an error message. */
export const ANNOTATION_KEY_RULE = "an annotation key is up to 63 letters, digits, '-', '_' and '.', alphanumeric at both ends, optionally after a DNS prefix and '/' (e.g. \"cert-manager.io/cluster-issuer\")";
/** What a label value may be, for the fix of an error message. */
export const LABEL_VALUE_RULE = "a label value is empty or up to 63 letters, digits, '-', '_' and '.', alphanumeric at both ends (e.g. \"checkout\")";

/** Whether `key` is a Kubernetes label key, as a taint key is too: `[prefix/]name`, the prefix a DNS-1123 subdomain. */
export function isLabelKey(key: unknown): boolean {
  return typeof key === 'string' && isQualifiedKey(key, (prefix) => prefix);
}

/** Whether `key` is a Kubernetes annotation key: a label key, except that Kubernetes lower-cases the prefix first. */
export function isAnnotationKey(key: unknown): boolean {
  return typeof key === 'string' && isQualifiedKey(key, (prefix) => prefix.toLowerCase());
}

/** Whether `value` is a Kubernetes label value: empty, or a qualified name. */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && (value === '' || QUALIFIED_NAME.test(value));
}

function isQualifiedKey(key: string, normalizePrefix: (prefix: string) => string): boolean {
  const slash = key.indexOf('/');
  if (slash >= 0 && !KUBERNETES_NAME.test(normalizePrefix(key.slice(0, slash)))) return false;
  return QUALIFIED_NAME.test(slash >= 0 ? key.slice(slash + 1) : key);
}
