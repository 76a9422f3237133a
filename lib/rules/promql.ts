import { parser } from '@prometheus-io/lezer-promql';
import { ValidationError, show } from '../core/validation-error';
import { SyntaxErrorPosition, caretExcerpt, firstSyntaxError } from '../core/query-syntax';
import { promqlShape } from './promql-shape';

/**
 * Parses a PromQL expression with Prometheus's own grammar (@prometheus-io/lezer-promql, the parser
 * of the Prometheus UI) and refuses it when it is empty or does not parse, so that a typo fails the
 * program with the rule's path instead of a rule-evaluation error in the cluster.
 *
 * This is a syntax check: semantic errors (e.g. `rate()` on an instant vector) are found by
 * `promtool check rules`, which the tests run on every rendered file.
 *
 * @param where the model path of the expression, e.g. `AlertRule "HighErrorRate" > expr`.
 * @returns the expression, unchanged.
 */
export function validatePromQL(expr: unknown, where: string): string {
  if (typeof expr !== 'string' || expr.trim() === '') {
    throw new ValidationError(
      where,
      `${show(expr)} is ${typeof expr === 'string' || expr === undefined ? 'empty' : 'not a string'}; write a PromQL expression (e.g. "sum by (service) (rate(http_requests_total[5m]))").`,
    );
  }
  const error = firstParseError(expr);
  if (error !== undefined) {
    throw new ValidationError(
      where,
      `${show(expr)} is not valid PromQL: syntax error at line ${error.line}, column ${error.column}:\n${caretExcerpt(expr, error)}\n` +
        'Fix the expression at the caret (check brackets, quotes, operators and durations such as [5m]).',
    );
  }
  return expr;
}

/** True when the expression is non-empty and parses. */
export function isValidPromQL(expr: string): boolean {
  return expr.trim() !== '' && firstParseError(expr) === undefined;
}

// Parse results by expression shape (see promqlShape): the rules a pack or an SLO repeats for every
// service share one parse. Bounded, and cleared whole when full. Errors are located by parsing the
// expression itself, so messages point at the right column.
const parseResults = new Map<string, boolean>();
const MAX_CACHED_PARSES = 20_000;

function firstParseError(expr: string): SyntaxErrorPosition | undefined {
  const shape = promqlShape(expr);
  let valid = parseResults.get(shape);
  if (valid === undefined) {
    valid = parseError(shape) === undefined;
    if (parseResults.size >= MAX_CACHED_PARSES) parseResults.clear();
    parseResults.set(shape, valid);
  }
  return valid ? undefined : parseError(expr);
}

function parseError(expr: string): SyntaxErrorPosition | undefined {
  return firstSyntaxError(parser.parse(expr), expr);
}
