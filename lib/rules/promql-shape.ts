/**
 * The PromQL expression with every double-quoted literal emptied (`{job="api"}` → `{job=""}`,
 * `{le=~"0\\.5"}` → `{le=~""}`), when that cannot change how it tokenizes: no single quote, backtick
 * or comment anywhere, no backslash outside a double-quoted literal, and every literal closes on its
 * own line. Otherwise the expression itself.
 *
 * Whether an expression parses, and the shape of its syntax tree, do not depend on what its string
 * literals hold (the parser takes any character after a backslash); so the rules and panels that
 * repeat for every service, which differ only in label values, share one shape, and parse results
 * are cached by it.
 */
export function promqlShape(expr: string): string {
  if (/['`#]/.test(expr)) return expr;
  let shape = '';
  let copiedUpTo = 0;
  for (let at = 0; at < expr.length; at++) {
    const char = expr[at];
    if (char === '\\') return expr;
    if (char !== '"') continue;
    const close = closingQuote(expr, at + 1);
    if (close === -1) return expr;
    shape += `${expr.slice(copiedUpTo, at)}""`;
    copiedUpTo = close + 1;
    at = close;
  }
  return copiedUpTo === 0 ? expr : shape + expr.slice(copiedUpTo);
}

/** The index of the `"` that closes a literal whose content starts at `from`, or -1 if it does not close on its line. */
function closingQuote(expr: string, from: number): number {
  for (let at = from; at < expr.length; at++) {
    const char = expr[at];
    if (char === '\n') return -1;
    if (char === '"') return at;
    if (char === '\\') {
      if (expr[at + 1] === '\n' || at + 1 >= expr.length) return -1;
      at++; // the escaped character, whatever it is, stays inside the literal
    }
  }
  return -1;
}
