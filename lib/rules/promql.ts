import { parser } from '@prometheus-io/lezer-promql';
import { ValidationError, show } from '../core/validation-error';
import { SyntaxErrorPosition, caretExcerpt, firstSyntaxError, positionAt } from '../core/query-syntax';
import { PromQLType } from './promql-functions';
import { promqlShape } from './promql-shape';
import { PromQLProblem, checkPromQLTypes, labelMatcherParts, selectedMetricNames, unknownFunctionProblem } from './promql-types';

/**
 * Parses a PromQL expression with Prometheus's own grammar (@prometheus-io/lezer-promql, the parser
 * of the Prometheus UI) and checks it as Prometheus's parser does before it accepts a rule: it refuses
 * an empty expression, a syntax error, an unknown function (naming it, with the closest known name),
 * a type error (a function, aggregation or operator given the wrong kind of value, e.g. `rate()` of an
 * instant vector; see `checkPromQLTypes`), an experimental function or syntax this stack does not
 * enable, and a result that is neither an instant vector nor a scalar (Prometheus evaluates a rule's
 * expression at one instant). A typo thus fails the program with the rule's path instead of a
 * rule-evaluation error in the cluster.
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
  const result = analyze(expr);
  if (result.type === undefined) {
    const error = locatedError(expr);
    if ('problem' in error) {
      const { problem, position } = error;
      const what = problem.kind === 'type error' ? `type error at line ${position.line}, column ${position.column}: ${problem.message}` : `${problem.message} (line ${position.line}, column ${position.column})`;
      throw new ValidationError(where, `${show(expr)} is not valid PromQL: ${what}:\n${caretExcerpt(expr, position)}\n${problem.fix}`);
    }
    throw new ValidationError(
      where,
      `${show(expr)} is not valid PromQL: syntax error at line ${error.position.line}, column ${error.position.column}:\n${caretExcerpt(expr, error.position)}\n` +
        'Fix the expression at the caret (check brackets, quotes, operators and durations such as [5m]).',
    );
  }
  if (result.type !== 'instant vector' && result.type !== 'scalar') {
    throw new ValidationError(
      where,
      `${show(expr)} gives a ${result.type}, but Prometheus evaluates a rule or query at one instant and needs an instant vector or a scalar; ` +
        (result.type === 'range vector'
          ? 'reduce the range to one value per series, e.g. rate(metric[5m]) for a counter or max_over_time(metric[5m]) for a gauge.'
          : 'a string literal is no measurement; select a metric, e.g. up{job="api"}.'),
    );
  }
  return expr;
}

/** True when the expression is non-empty, parses and type-checks (of any result type). */
export function isValidPromQL(expr: string): boolean {
  return expr.trim() !== '' && analyze(expr).type !== undefined;
}

/**
 * The metric names an expression selects by name (`metric{...}`, `{__name__="metric"}`), e.g. to find
 * the recorded series (`level:metric:operations`) it reads. Empty for an expression that does not parse.
 */
export function promqlMetricNames(expr: string): ReadonlyArray<string> {
  const result = analyze(expr);
  if (!result.nameInLiteral) return result.names;
  // The shape emptied the string literals that name metrics: read them from the expression itself.
  return selectedMetricNames(parser.parse(expr), expr).names;
}

/** A label matcher of a selector: its operator and the (unquoted) value. */
export interface PromQLLabelMatcher {
  /** `=`, `!=`, `=~` or `!~`. */
  readonly op: '=' | '!=' | '=~' | '!~';
  /** The matched value or regular expression, unquoted. */
  readonly value: string;
}

const MATCH_OPS: Readonly<Record<string, PromQLLabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/**
 * The matchers of label `label` in every selector of an expression, in order of appearance, each once
 * (e.g. the `job` matchers an alert's expression uses, to check them against the scrape jobs). Empty
 * for an expression that does not parse.
 */
export function promqlLabelMatchers(expr: string, label: string): ReadonlyArray<PromQLLabelMatcher> {
  const tree = parser.parse(expr);
  if (firstSyntaxError(tree, expr) !== undefined) return [];
  const found = new Map<string, PromQLLabelMatcher>();
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (node.name !== 'UnquotedLabelMatcher' && node.name !== 'QuotedLabelMatcher') return undefined;
      const parts = labelMatcherParts(node, expr);
      const op = MATCH_OPS[parts.op ?? ''];
      if (parts.label !== label || op === undefined || parts.value === undefined) return undefined;
      const matcher = { op, value: parts.value };
      found.set(`${matcher.op}${matcher.value}`, matcher);
      return undefined;
    },
  });
  return [...found.values()];
}

/** What one parse of an expression's shape tells: its result type (undefined when it has an error) and the metrics it selects. */
interface Analysis {
  readonly type?: PromQLType;
  readonly names: ReadonlyArray<string>;
  readonly nameInLiteral: boolean;
}

// Analyses by expression shape (see promqlShape): whether an expression parses, its types and the
// metric names of its selectors do not depend on what its string literals hold, so the rules a pack or
// an SLO repeats for every service share one parse. Bounded, and cleared whole when full. Errors are
// located by parsing the expression itself, so messages point at the right column.
const analyses = new Map<string, Analysis>();
const MAX_CACHED_PARSES = 20_000;

function analyze(expr: string): Analysis {
  const shape = promqlShape(expr);
  let analysis = analyses.get(shape);
  if (analysis === undefined) {
    const tree = parser.parse(shape);
    const syntaxError = firstSyntaxError(tree, shape);
    const { names, nameInLiteral } = syntaxError === undefined ? selectedMetricNames(tree, shape) : { names: [], nameInLiteral: false };
    const type = syntaxError === undefined ? checkPromQLTypes(tree, shape).type : undefined;
    analysis = { type, names, nameInLiteral };
    if (analyses.size >= MAX_CACHED_PARSES) analyses.clear();
    analyses.set(shape, analysis);
  }
  return analysis;
}

/** The first error of an expression known to have one, located in the expression itself. */
function locatedError(expr: string): { problem: PromQLProblem; position: SyntaxErrorPosition } | { position: SyntaxErrorPosition } {
  const tree = parser.parse(expr);
  const syntaxError = firstSyntaxError(tree, expr);
  const problem = syntaxError !== undefined ? unknownFunctionProblem(tree, expr) : checkPromQLTypes(tree, expr).problem;
  if (problem !== undefined) return { problem, position: positionAt(expr, problem.offset) };
  return { position: syntaxError ?? positionAt(expr, 0) };
}
