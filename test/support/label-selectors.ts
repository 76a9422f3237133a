/**
 * Whether a Kubernetes label selector selects these labels. Reads both the API's camelCase form
 * (`matchLabels`, rendered objects) and Terraform's snake_case form (`match_labels`, the
 * kubernetes_* resources). An empty selector selects everything.
 */
export function selects(selector: Record<string, any> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  const matchLabels: Record<string, string> = selector.matchLabels ?? selector.match_labels ?? {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return ((selector.matchExpressions ?? selector.match_expressions ?? []) as Array<Record<string, any>>).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In': return value !== undefined && e.values.includes(value);
      case 'NotIn': return value === undefined || !e.values.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
}

/** A Service's `spec.selector` (a plain label map): selects nothing when absent or empty. */
export function serviceSelects(selector: Record<string, string> | undefined, labels: Readonly<Record<string, string>>): boolean {
  return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
}
