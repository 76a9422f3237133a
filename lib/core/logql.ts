import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode } from '@lezer/common';
import { caretExcerpt, firstSyntaxError } from './query-syntax';
import { ValidationError, show } from './validation-error';

/** What kind of LogQL a place accepts. */
export const LogQLKind = {
  /** A metric query (`sum by (app) (rate({app="x"} |= "error" [5m]))`): what rules evaluate. */
  METRIC: 'metric',
  /** A bare stream selector (`{namespace="dev"}`): what per-stream retention matches on. */
  STREAM_SELECTOR: 'stream selector',
  /** Any query, log or metric: what a dashboard panel shows. */
  QUERY: 'query',
} as const;
/** One kind of LogQL (a {@link LogQLKind} value). */
export type LogQLKind = (typeof LogQLKind)[keyof typeof LogQLKind];

const EXAMPLE: Record<LogQLKind, string> = {
  metric: 'sum by (app) (rate({namespace="shop"} |= "error" [5m])) > 1',
  'stream selector': '{namespace="dev"}',
  query: '{namespace="shop"} |= "error"',
};

/**
 * Parses LogQL with Grafana's own grammar (@grafana/lezer-logql, the parser of Grafana's Loki editor)
 * and refuses text that does not parse or is not the kind the place needs: rules must be metric
 * queries over at least one log stream (a bare log query is not something a ruler can evaluate, and
 * `1 > 0` watches no logs), and retention selectors must be plain stream selectors whose matchers
 * cannot all match the empty string (Loki refuses those).
 *
 * This is a syntax check; Loki itself still checks semantics (e.g. unwrap of a non-numeric label).
 * @returns the expression, unchanged.
 */
export function validateLogQLOfKind(expr: unknown, kind: LogQLKind, where: string): string {
  if (typeof expr !== 'string' || expr.trim() === '') {
    throw new ValidationError(where, `${show(expr)} is empty; write a LogQL ${kind}, e.g. ${show(EXAMPLE[kind])}.`);
  }
  const tree = parser.parse(expr);
  const error = firstSyntaxError(tree, expr);
  if (error !== undefined) {
    throw new ValidationError(
      where,
      `${show(expr)} is not valid LogQL: syntax error at line ${error.line}, column ${error.column}:\n${caretExcerpt(expr, error)}\n` +
        `Fix the expression at the caret (check braces, quotes, pipes and ranges such as [5m]); a valid ${kind} looks like ${show(EXAMPLE[kind])}.`,
    );
  }
  const top = tree.topNode.firstChild?.firstChild; // LogQL > Expr > (MetricExpr | LogExpr)
  if (kind === LogQLKind.METRIC) {
    if (top?.name !== 'MetricExpr') {
      throw new ValidationError(
        where,
        `${show(expr)} is a log query, not a metric query; a rule needs numbers, so wrap the stream in a range aggregation with a threshold, e.g. ${show(`sum by (app) (rate(${expr.trim()} [5m])) > 1`)}.`,
      );
    }
    if (!hasDescendant(top, 'Selector')) {
      throw new ValidationError(where, `${show(expr)} reads no log stream; use a range aggregation over a stream selector, e.g. ${show(EXAMPLE.metric)}.`);
    }
  } else if (kind === LogQLKind.STREAM_SELECTOR) {
    const selector = top?.name === 'LogExpr' ? top.firstChild : null;
    if (!selector || selector.name !== 'Selector' || selector.nextSibling !== null) {
      throw new ValidationError(where, `${show(expr)} is not a bare stream selector; write only the braces part, e.g. ${show(EXAMPLE['stream selector'])} (no pipes, filters or functions).`);
    }
    checkNonEmptyMatcher(expr, selector, where);
  }
  return expr;
}

/** True when the text is non-empty LogQL of any kind that parses (for lint findings rather than errors). */
export function isValidLogQL(expr: string): boolean {
  return expr.trim() !== '' && firstSyntaxError(parser.parse(expr), expr) === undefined;
}

/** Loki refuses a selector whose matchers all match the empty string (`{app=~".*"}`, `{app!="x"}`). */
function checkNonEmptyMatcher(expr: string, selector: SyntaxNode, where: string): void {
  const matchers: SyntaxNode[] = [];
  collect(selector, 'Matcher', matchers);
  const matchesNonEmptyOnly = matchers.some((matcher) => {
    const op = matcher.firstChild?.nextSibling;
    const valueNode = op?.nextSibling;
    if (!op || !valueNode) return false;
    const value = unquote(expr.slice(valueNode.from, valueNode.to));
    if (op.name === 'Eq') return value !== '';
    if (op.name === 'Re') {
      try {
        return !new RegExp(`^(?:${value})$`).test('');
      } catch {
        return true; // RE2-only syntax: let Loki judge it
      }
    }
    return false;
  });
  if (!matchesNonEmptyOnly) {
    throw new ValidationError(where, `${show(expr)} has no matcher that excludes the empty value, which Loki refuses; add one such as namespace="dev" or namespace=~".+".`);
  }
}

function unquote(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

function hasDescendant(node: SyntaxNode, name: string): boolean {
  const found: SyntaxNode[] = [];
  collect(node, name, found);
  return found.length > 0;
}

function collect(node: SyntaxNode, name: string, out: SyntaxNode[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === name) out.push(child);
    collect(child, name, out);
  }
}
