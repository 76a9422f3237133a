/**
 * Terraform treats `${` and `%{` in every string as template syntax. Literal text that may contain
 * them (Grafana's `${datasource}`, Alertmanager's templates, PromQL label_replace `$1`) must reach
 * Terraform JSON as `$${` and `%%{`, which Terraform turns back into the literal text.
 *
 * This is the single place that escaping happens. Apply it to literal text only: cdktf tokens
 * (`${TfToken[...]}`) must not pass through it, or they would stop resolving.
 */
export function escapeTerraformTemplate(literal: string): string {
  // Replacer functions, because `$$` in a replacement string means one `$`.
  return literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * The inverse, as Terraform applies it when it evaluates a string: `$${` → `${`, `%%{` → `%{`.
 * Used by tests and the review artifacts, which show what the cluster will actually receive.
 */
export function unescapeTerraformTemplate(escaped: string): string {
  return escaped.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

/** True when the text contains an unescaped Terraform template sequence. */
export function hasTerraformTemplate(text: string): boolean {
  return /(^|[^$])\$\{|(^|[^%])%\{/.test(text);
}
