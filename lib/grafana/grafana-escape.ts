/**
 * Datasource provisioning values pass three interpreters between this program and Grafana:
 *
 * 1. Terraform evaluates `${` and `%{` in every string: handled once for the whole values text by
 *    `createChartRelease` (lib/core/terraform-escape.ts), so nothing here deals with it.
 * 2. The grafana chart renders `datasources` with Helm `tpl` (templates/_config.tpl:
 *    `tpl (toYaml $value | nindent 2) $root`), so `{{` would start a Go template action.
 * 3. Grafana expands environment variables in every string of a provisioning file (`$VAR`, `${VAR}`,
 *    `$__env{VAR}`, `$__file{…}`), after splitting on `$$`, which stands for one literal `$`
 *    (pkg/services/provisioning/values/values.go, `interpolateValue`).
 *
 * {@link escapeDatasourceValue} undoes layers 3 and 2 in advance, in that order: what the caller writes
 * is exactly what Grafana stores (`${__value.raw}`, `$__tags`, `{{ … }}`).
 */

/** The Go template action that prints `{{`; `tpl` turns it back into the two braces. */
export const HELM_TPL_OPEN_BRACES = '{{ "{{" }}';

/** Layer 3: every `$` doubled, so Grafana's provisioning keeps it literal. */
export function escapeGrafanaProvisioning(literal: string): string {
  return literal.replace(/\$/g, () => '$$');
}

/** Layer 2: every `{{` replaced by an action that prints it, so Helm `tpl` keeps it literal. */
export function escapeHelmTpl(literal: string): string {
  return literal.replace(/\{\{/g, () => HELM_TPL_OPEN_BRACES);
}

/** Both layers, for one string that Grafana must receive literally. */
export function escapeDatasourceString(literal: string): string {
  return escapeHelmTpl(escapeGrafanaProvisioning(literal));
}

/**
 * Escapes every string (not keys: Grafana does not expand keys, and ours are plain identifiers) of a
 * datasource provisioning value, deeply. Numbers, booleans and null pass unchanged.
 */
export function escapeDatasourceValue<T>(value: T): T {
  if (typeof value === 'string') return escapeDatasourceString(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapeDatasourceValue(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeDatasourceValue(item)])) as T;
  }
  return value;
}
