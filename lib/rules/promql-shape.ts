/**
 * The PromQL expression with every double-quoted literal emptied (`{job="api"}` → `{job=""}`), when
 * that cannot change how it tokenizes: no backslash, single quote, backtick or comment, and every `"`
 * closes on its own line. Otherwise the expression itself.
 *
 * Whether an expression parses, and the shape of its syntax tree, do not depend on what its string
 * literals hold; so the rules and panels that repeat for every service, which differ only in label
 * values, share one shape, and parse results are cached by it.
 */
export function promqlShape(expr: string): string {
  if (/[\\'`#]/.test(expr)) return expr;
  let pairs = 0;
  const shape = expr.replace(/"[^"\n]*"/g, () => {
    pairs++;
    return '""';
  });
  let quotes = 0;
  for (let at = expr.indexOf('"'); at !== -1; at = expr.indexOf('"', at + 1)) quotes++;
  return quotes === 2 * pairs ? shape : expr;
}
