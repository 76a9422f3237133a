import type { SyntaxNode, Tree } from '@lezer/common';
import { PROMQL_AGGREGATIONS, PROMQL_FUNCTIONS, PromQLFunction, PromQLType, REMOVED_PROMQL_FUNCTIONS, closestName } from './promql-functions';

/** What kind of mistake a {@link PromQLProblem} is. */
export type PromQLProblemKind = 'type error' | 'unknown function' | 'not enabled';

/** A mistake in a PromQL expression that parses (or fails to parse only because of an unknown function). */
export interface PromQLProblem {
  /** A type error, an unknown function, or an experimental feature this stack does not enable. */
  readonly kind: PromQLProblemKind;
  /** Characters before the offending part of the expression, from 0. */
  readonly offset: number;
  /** What is wrong, e.g. `rate() needs a range vector as argument 1, got an instant vector (x)`. */
  readonly message: string;
  /** What to write instead. */
  readonly fix: string;
}

/** The result type of an expression, or its first problem. */
export type PromQLTypeResult = { readonly type: PromQLType; readonly problem?: undefined } | { readonly type?: undefined; readonly problem: PromQLProblem };

/** Keywords that may come out of error recovery as identifiers before a parenthesis; never function names. */
const GROUPING_KEYWORD = /^(by|without|on|ignoring|group_left|group_right|bool|and|or|unless|atan2|offset)$/i;
const FUNCTIONS_URL = 'https://prometheus.io/docs/prometheus/latest/querying/functions/';
/** Why an experimental feature is refused, for messages. */
const NOT_ENABLED = "Prometheus refuses it unless started with the feature flag that enables it, and this stack's Prometheus enables none of the experimental PromQL features";

const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const ARITHMETIC = new Set(['Pow', 'Mul', 'Div', 'Mod', 'Atan2', 'Add', 'Sub']);
const EXPERIMENTAL_OPERATORS = new Set(['TrimUpper', 'TrimLower']);
/** What `offset` and `@` may modify (Prometheus: "... must be preceded by an instant vector selector or range vector selector or a subquery"). */
const MODIFIABLE = new Set(['VectorSelector', 'MatrixSelector', 'SubqueryExpr']);
const MODIFIERS: Readonly<Record<string, string>> = { OffsetExpr: 'offset', StepInvariantExpr: '@' };

class Fault {
  constructor(public readonly problem: PromQLProblem) {}
}

/**
 * Type-checks a parsed PromQL expression (a lezer-promql tree without syntax errors) as Prometheus's
 * parser does after parsing (`checkAST`): the argument count and types of every function (table
 * {@link PROMQL_FUNCTIONS}), the operands of aggregations, of unary and binary operators (scalars and
 * instant vectors only; `bool` only on comparisons and required between two scalars; set operators and
 * vector matching only between instant vectors; no grouping on set operators), ranges only on series
 * selectors, subqueries only of instant vectors, `offset` and `@` only on selectors and subqueries and
 * once each; experimental functions and syntax are refused because this stack enables none.
 *
 * @returns the result type, or the first problem (innermost first, like Prometheus's own messages).
 */
export function checkPromQLTypes(tree: Tree, text: string): PromQLTypeResult {
  const top = tree.topNode.firstChild;
  if (top === null) return { type: 'scalar' };
  try {
    return { type: new Checker(text).typeOf(top) };
  } catch (error) {
    if (error instanceof Fault) return { problem: error.problem };
    throw error;
  }
}

/**
 * For an expression that does not parse: the unknown function that made it fail, if that is why. The
 * grammar knows only Prometheus's function names, so `rat(x[5m])` parses as the series selector `rat`
 * followed by a parenthesis, a syntax error; an identifier directly followed by `(` (or by `by (` /
 * `without (`, as an aggregation) is a call of a function the grammar does not know.
 */
export function unknownFunctionProblem(tree: Tree, text: string): PromQLProblem | undefined {
  let problem: PromQLProblem | undefined;
  tree.iterate({
    enter: (node) => {
      if (problem !== undefined) return false;
      if (node.name !== 'Identifier') return undefined;
      const name = text.slice(node.from, node.to);
      // `summ(x)`, or `summ by (a) (x)`: an unknown aggregation with its grouping first.
      if (!GROUPING_KEYWORD.test(name) && /^\s*(?:\(|(?:by|without)\s*\()/i.test(text.slice(node.to))) {
        problem = functionProblem(name, node.from);
        return false;
      }
      return undefined;
    },
  });
  return problem;
}

/** Where a selector names its metric. */
export interface SelectedMetricNames {
  /** Metric names of the selectors, e.g. `http_requests_total` and `service:http_requests:rate5m`. */
  readonly names: ReadonlyArray<string>;
  /** True when some selector names its metric in a string literal (`{__name__="x"}`, `{"x"}`). */
  readonly nameInLiteral: boolean;
}

/**
 * The metric names an expression selects by name: `metric{...}`, `{__name__="metric"}` and
 * Prometheus 3's quoted `{"metric"}`. Regex matchers on `__name__` name no single metric and are left out.
 */
export function selectedMetricNames(tree: Tree, text: string): SelectedMetricNames {
  const names: string[] = [];
  let nameInLiteral = false;
  const slice = (node: SyntaxNode) => text.slice(node.from, node.to);
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (node.name === 'VectorSelector') {
        const identifier = node.getChild('Identifier');
        if (identifier !== null) names.push(slice(identifier));
      } else if (node.name === 'QuotedLabelName' && node.parent?.name === 'LabelMatchers') {
        // `{"metric", job="x"}`: a quoted name on its own is the metric name.
        nameInLiteral = true;
        const literal = node.getChild('StringLiteral');
        if (literal !== null) names.push(unquote(slice(literal)));
      } else if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
        // A quoted label name is a literal too: `{"__name__"="metric"}`.
        if (node.name === 'QuotedLabelMatcher') nameInLiteral = true;
        const { label, op, value } = labelMatcherParts(node, text);
        if (label === '__name__' && op === 'EqlSingle' && value !== undefined) {
          nameInLiteral = true;
          names.push(value);
        }
      }
      return undefined;
    },
  });
  return { names, nameInLiteral };
}

/**
 * The parts of a label matcher node (`UnquotedLabelMatcher` or `QuotedLabelMatcher`): its label name
 * (unquoted), the grammar's name of its operator (`EqlSingle`, `Neq`, `EqlRegex`, `NeqRegex`) and its
 * value (unquoted); `op` and `value` are undefined where the matcher lacks them.
 */
export function labelMatcherParts(node: SyntaxNode, text: string): { readonly label: string; readonly op?: string; readonly value?: string } {
  const slice = (part: SyntaxNode) => text.slice(part.from, part.to);
  const labelNode = node.firstChild;
  const label = labelNode === null ? '' : labelNode.name === 'LabelName' ? slice(labelNode) : unquote(slice(labelNode));
  const value = node.getChild('StringLiteral');
  return { label, op: node.getChild('MatchOp')?.firstChild?.name, value: value === null ? undefined : unquote(slice(value)) };
}

/** The value of a PromQL string literal ("...", '...' or `...`). */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, literal.endsWith(quote) && literal.length > 1 ? -1 : undefined);
  if (quote === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_all, escaped: string) => {
    if (escaped.length > 1) return String.fromCharCode(parseInt(escaped.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[escaped] ?? escaped;
  });
}

/** The problem of calling `name`: unknown (with the closest known name), removed or experimental. */
function functionProblem(name: string, offset: number): PromQLProblem | undefined {
  const signature = PROMQL_FUNCTIONS[name];
  if (signature?.experimental) {
    return {
      kind: 'not enabled',
      offset,
      message: `function ${name} is experimental`,
      fix: `${NOT_ENABLED} ("function ${name} is not enabled"); use a stable function (${FUNCTIONS_URL}).`,
    };
  }
  if (signature !== undefined) return undefined;
  const removed = REMOVED_PROMQL_FUNCTIONS[name];
  if (removed !== undefined) return { kind: 'unknown function', offset, message: `unknown function ${name}`, fix: `${removed}.` };
  const aggregation = PROMQL_AGGREGATIONS[name.toLowerCase()];
  if (aggregation !== undefined && !aggregation.experimental) return undefined;
  const stable = [...Object.keys(PROMQL_FUNCTIONS).filter((f) => !PROMQL_FUNCTIONS[f].experimental), ...Object.keys(PROMQL_AGGREGATIONS).filter((a) => !PROMQL_AGGREGATIONS[a].experimental)];
  const suggestion = closestName(name, stable);
  return suggestion !== undefined
    ? { kind: 'unknown function', offset, message: `unknown function ${name}; did you mean ${suggestion}?`, fix: `Write ${suggestion}(...) (PromQL functions: ${FUNCTIONS_URL}).` }
    : {
        kind: 'unknown function',
        offset,
        message: `unknown function ${name}`,
        fix: `Use a function Prometheus 3.x has (${FUNCTIONS_URL}); if ${name} is a metric, put an operator between it and the parenthesis.`,
      };
}

function article(type: PromQLType): string {
  return type === 'instant vector' ? 'an instant vector' : `a ${type}`;
}

/** Short text of an expression for messages. */
function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

function signatureText(name: string, signature: PromQLFunction): string {
  const args = signature.args.map((type, i) => {
    const optional = signature.variadic > 0 && i === signature.args.length - 1;
    return optional ? `[${type}]` : type;
  });
  if (signature.variadic === -1) args.push('...');
  return `${name}(${args.join(', ')})`;
}

class Checker {
  constructor(private readonly src: string) {}

  public typeOf(node: SyntaxNode): PromQLType {
    switch (node.name) {
      case 'ParenExpr':
        return this.typeOf(this.onlyExpr(node));
      case 'NumberDurationLiteral':
        return 'scalar';
      case 'StringLiteral':
        return 'string';
      case 'VectorSelector':
        return 'instant vector';
      case 'MatrixSelector':
        return this.matrixSelector(node);
      case 'SubqueryExpr':
        return this.subquery(node);
      case 'OffsetExpr':
      case 'StepInvariantExpr':
        return this.modifier(node);
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const keyword = node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
        throw this.fault('not enabled', node.lastChild ?? node, `the range modifier ${keyword} is experimental`, `${NOT_ENABLED}; drop \`${keyword}\`.`);
      }
      case 'UnaryExpr':
        return this.unary(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      default:
        throw this.fault('type error', node, `unexpected ${node.name} ${excerpt(this.text(node))}`, 'Fix the expression here.');
    }
  }

  private text(node: SyntaxNode): string {
    return this.src.slice(node.from, node.to);
  }

  private exprs(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let child = node.firstChild; child !== null; child = child.nextSibling) if (child.type.is('Expr')) out.push(child);
    return out;
  }

  private onlyExpr(node: SyntaxNode): SyntaxNode {
    const inner = node.firstChild;
    if (inner === null || !inner.type.is('Expr')) throw this.fault('type error', node, `empty ${excerpt(this.text(node))}`, 'Fix the expression here.');
    return inner;
  }

  private fault(kind: PromQLProblemKind, at: SyntaxNode | number, message: string, fix: string): Fault {
    return new Fault({ kind, offset: typeof at === 'number' ? at : at.from, message, fix });
  }

  /** Durations inside `[...]` and after `offset` must be plain durations: arithmetic on them is experimental. */
  private plainDuration(node: SyntaxNode | null): void {
    if (node === null) return;
    let inner: SyntaxNode | null = node;
    // `offset -5m`: a sign is fine (negative offsets are standard since Prometheus 2.33).
    while (inner !== null && inner.name === 'OffsetDurationExpr' && inner.firstChild?.name === 'UnaryOp') inner = inner.lastChild;
    const only = inner?.firstChild;
    if (only && only.name === 'NumberDurationLiteralInDurationContext' && only.nextSibling === null) return;
    throw this.fault('not enabled', node, `the duration expression ${excerpt(this.text(node))} is experimental`, `${NOT_ENABLED}; write a plain duration such as 5m.`);
  }

  private matrixSelector(node: SyntaxNode): PromQLType {
    const inner = this.onlyExpr(node);
    const range = node.getChild('DurationExpr');
    this.plainDuration(range);
    const rangeText = range ? `[${this.text(range)}]` : '[...]';
    if (inner.name === 'VectorSelector') return 'range vector';
    const modifier = MODIFIERS[inner.name];
    if (modifier !== undefined && this.unmodified(inner).name === 'VectorSelector') {
      const selector = this.text(this.unmodified(inner));
      throw this.fault(
        'type error',
        node,
        `the range ${rangeText} comes after ${modifier} in ${excerpt(this.text(node))}`,
        `Write the range right after the selector and the modifier after it, e.g. ${selector}${rangeText} ${this.src.slice(this.unmodified(inner).to, inner.to).trim()}.`,
      );
    }
    const type = this.typeOf(inner);
    throw this.fault(
      'type error',
      node,
      `a range ${rangeText} can only follow a series selector, not ${article(type)} expression (${excerpt(this.text(inner))})`,
      `Put the range on the series selector inside (e.g. sum(rate(metric${rangeText})) rather than rate(sum(metric)${rangeText})), or make it a subquery with a resolution: (${excerpt(this.text(inner))})${rangeText.slice(0, -1)}:1m].`,
    );
  }

  private subquery(node: SyntaxNode): PromQLType {
    const inner = this.onlyExpr(node);
    for (const duration of node.getChildren('DurationExpr')) this.plainDuration(duration);
    const type = this.typeOf(inner);
    if (type !== 'instant vector') {
      throw this.fault(
        'type error',
        inner,
        `a subquery needs an instant vector, got ${article(type)} (${excerpt(this.text(inner))})`,
        type === 'range vector'
          ? 'Reduce the range inside to one value per series first, e.g. (rate(metric[5m]))[1h:1m] or max_over_time(rate(metric[5m])[1h:1m]).'
          : 'Subquery an instant vector, e.g. (sum(rate(metric[5m])))[1h:1m]; a scalar or string has no series to look back over.',
      );
    }
    return 'range vector';
  }

  /** The expression under a chain of `offset` / `@` modifiers. */
  private unmodified(node: SyntaxNode): SyntaxNode {
    let inner = node;
    while (MODIFIERS[inner.name] !== undefined) inner = this.onlyExpr(inner);
    return inner;
  }

  private modifier(node: SyntaxNode): PromQLType {
    const keyword = MODIFIERS[node.name];
    const seen = new Set<string>([node.name]);
    let inner = this.onlyExpr(node);
    while (MODIFIERS[inner.name] !== undefined) {
      if (seen.has(inner.name)) {
        throw this.fault('type error', node, `${keyword} is set twice on ${excerpt(this.text(this.unmodified(inner)))}`, `Give one ${keyword} per selector; add the durations together (e.g. offset 2h, not offset 1h offset 1h).`);
      }
      seen.add(inner.name);
      inner = this.onlyExpr(inner);
    }
    if (node.name === 'OffsetExpr') this.plainDuration(node.getChild('OffsetDurationExpr'));
    if (!MODIFIABLE.has(inner.name)) {
      const modified = this.onlyExpr(node);
      const type = this.typeOf(modified);
      const example = keyword === 'offset' ? 'rate(http_requests_total[5m] offset 1h) instead of rate(http_requests_total[5m]) offset 1h' : 'rate(http_requests_total[5m] @ end()) instead of rate(http_requests_total[5m]) @ end()';
      throw this.fault(
        'type error',
        node.getChild(node.name === 'OffsetExpr' ? 'Offset' : 'At') ?? node,
        `${keyword} must follow a series selector, a range selector or a subquery, not ${article(type)} expression (${excerpt(this.text(modified))})`,
        `Put the ${keyword} on the selectors inside, e.g. ${example}.`,
      );
    }
    return this.typeOf(this.onlyExpr(node));
  }

  private unary(node: SyntaxNode): PromQLType {
    const operand = node.lastChild!;
    const type = this.typeOf(operand);
    if (type !== 'scalar' && type !== 'instant vector') {
      throw this.fault('type error', node, `a unary ${this.text(node.firstChild!)} needs a scalar or an instant vector, got ${article(type)} (${excerpt(this.text(operand))})`, this.operandFix(type));
    }
    return type;
  }

  private operandFix(type: PromQLType): string {
    return type === 'range vector'
      ? 'Reduce the range to one value per series first, e.g. rate(metric[5m]) for a counter or avg_over_time(metric[5m]) for a gauge, or drop the range.'
      : 'Strings cannot be computed with; to select by a label value, use a matcher such as metric{label="value"}.';
  }

  private binary(node: SyntaxNode): PromQLType {
    const lhs = node.firstChild!;
    const rhs = node.lastChild!;
    let op: SyntaxNode | undefined;
    let bool = false;
    let matching: SyntaxNode | undefined;
    for (let child = lhs.nextSibling; child !== null && child !== rhs; child = child.nextSibling) {
      if (child.name === 'BoolModifier') bool = true;
      else if (child.name === 'MatchingModifierClause') matching = child;
      else if (child.name === 'FillModifier') {
        throw this.fault('not enabled', child, `the fill modifier ${excerpt(this.text(child))} is experimental`, `${NOT_ENABLED}; use \`or\` to supply missing series instead.`);
      } else if (op === undefined) op = child;
    }
    const opName = op?.name ?? '';
    const opText = op ? this.text(op) : '?';
    const at = op ?? node;
    const lt = this.typeOf(lhs);
    const rt = this.typeOf(rhs);
    if (EXPERIMENTAL_OPERATORS.has(opName)) {
      throw this.fault('not enabled', at, `the operator ${opText} is experimental`, `${NOT_ENABLED}; use clamp_max(...) or clamp_min(...) instead.`);
    }
    const comparison = COMPARISONS.has(opName);
    const setOperator = SET_OPERATORS.has(opName);
    if (!comparison && !setOperator && !ARITHMETIC.has(opName)) {
      throw this.fault('type error', at, `unknown operator ${opText}`, 'Use an arithmetic (+ - * / % ^ atan2), comparison (== != > < >= <=) or set operator (and or unless).');
    }
    if (bool && !comparison) {
      throw this.fault('type error', at, `bool can only modify a comparison (== != > < >= <=), not ${opText}`, `Remove bool after ${opText}.`);
    }
    for (const [side, type, operand] of [['left', lt, lhs], ['right', rt, rhs]] as const) {
      if (type !== 'scalar' && type !== 'instant vector') {
        throw this.fault(
          'type error',
          operand,
          `the ${side} operand of ${opText} is ${article(type)} (${excerpt(this.text(operand))}); binary operators take scalars and instant vectors`,
          this.operandFix(type),
        );
      }
    }
    if (comparison && !bool && lt === 'scalar' && rt === 'scalar') {
      throw this.fault(
        'type error',
        at,
        `a comparison between two scalars must use bool (${excerpt(this.text(node))})`,
        `Write ${excerpt(this.text(lhs))} ${opText} bool ${excerpt(this.text(rhs))} (1 when true, 0 when false), or compare a vector.`,
      );
    }
    if (setOperator && (lt === 'scalar' || rt === 'scalar')) {
      throw this.fault(
        'type error',
        at,
        `the set operator ${opText} works between instant vectors, but its ${lt === 'scalar' ? 'left' : 'right'} operand is a scalar (${excerpt(this.text(lt === 'scalar' ? lhs : rhs))})`,
        `Filter with a comparison instead (e.g. metric > 0), or turn the number into a vector with vector(...).`,
      );
    }
    if (matching !== undefined) this.vectorMatching(matching, opText, setOperator, lt === 'instant vector' && rt === 'instant vector');
    return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'instant vector';
  }

  private vectorMatching(clause: SyntaxNode, opText: string, setOperator: boolean, bothVectors: boolean): void {
    const [matchLabels, groupLabels] = clause.getChildren('GroupingLabels');
    const labels = (node: SyntaxNode | undefined) => (node ? node.getChildren('LabelName').map((l) => this.text(l)) : []);
    const grouping = clause.getChild('GroupLeft') ?? clause.getChild('GroupRight');
    if (!bothVectors && labels(matchLabels).length > 0) {
      throw this.fault(
        'type error',
        clause,
        `vector matching (${excerpt(this.text(clause))}) is only allowed between two instant vectors`,
        `Remove ${this.text(clause.firstChild!)}(...) after ${opText}: with a scalar operand every series is matched.`,
      );
    }
    if (setOperator && grouping !== null) {
      throw this.fault('type error', grouping, `no grouping (${this.text(grouping)}) is allowed with the set operator ${opText}`, `Remove ${this.text(grouping)}(...): ${opText} is many-to-many already.`);
    }
    if (grouping !== null && clause.getChild('On') !== null) {
      const on = new Set(labels(matchLabels));
      const both = labels(groupLabels).find((label) => on.has(label));
      if (both !== undefined) {
        throw this.fault('type error', grouping, `label ${both} is in both on(...) and ${this.text(grouping)}(...)`, `Keep ${both} in on(...) only: labels of on(...) are carried over already.`);
      }
    }
  }

  private call(node: SyntaxNode): PromQLType {
    const identifier = node.getChild('FunctionIdentifier')!;
    const name = this.text(identifier);
    const problem = functionProblem(name, identifier.from);
    if (problem !== undefined) throw new Fault(problem);
    const signature = PROMQL_FUNCTIONS[name];
    const body = node.getChild('FunctionCallBody')!;
    const args = this.exprs(body);
    const types = args.map((arg) => this.typeOf(arg));

    const required = signature.variadic === 0 ? signature.args.length : signature.args.length - 1;
    const most = signature.variadic === -1 ? Infinity : signature.args.length + Math.max(0, signature.variadic - 1);
    if (args.length < required || args.length > most) {
      const count = signature.variadic === 0 ? `${required}` : args.length < required ? `at least ${required}` : `at most ${most}`;
      throw this.fault(
        'type error',
        identifier,
        `${name}() takes ${count} argument${count === '1' ? '' : 's'}, got ${args.length}`,
        `Call it as ${signatureText(name, signature)}.`,
      );
    }
    args.forEach((arg, i) => {
      const want = signature.args[Math.min(i, signature.args.length - 1)];
      if (types[i] !== want) {
        throw this.fault(
          'type error',
          arg,
          `${name}() needs ${article(want)} as argument ${i + 1}, got ${article(types[i])} (${excerpt(this.text(arg))})`,
          this.argumentFix(name, node, arg, want, types[i]),
        );
      }
    });
    return signature.returns;
  }

  private argumentFix(name: string, call: SyntaxNode, arg: SyntaxNode, want: PromQLType, got: PromQLType): string {
    const argText = this.text(arg);
    if (want === 'range vector' && got === 'instant vector') {
      if (arg.name === 'VectorSelector') {
        const fixed = `${this.src.slice(call.from, arg.to)}[5m]${this.src.slice(arg.to, call.to)}`;
        return `Give ${name}() a range of samples, e.g. ${excerpt(fixed)}.`;
      }
      return (
        `${name}() reads the samples of a range: put the range on the series selector inside and apply ${name}() before aggregating ` +
        `(e.g. sum(${name}(metric[5m])) rather than ${name}(sum(metric))), or make the expression a subquery: ${name}((${excerpt(argText)})[5m:1m]).`
      );
    }
    if (want === 'instant vector' && got === 'range vector') {
      return `Reduce the range to one value per series first (e.g. rate(...) of a counter, avg_over_time(...) of a gauge), or drop the range from ${excerpt(argText)}.`;
    }
    if (want === 'scalar' && got === 'instant vector') return `Give a number, or turn a one-series vector into a scalar with scalar(${excerpt(argText)}).`;
    if (want === 'instant vector' && got === 'scalar') return `Turn the number into a vector with vector(${excerpt(argText)}).`;
    if (want === 'string') return 'Give a string literal in double quotes, e.g. "service".';
    return `Give ${name}() ${article(want)} there: ${signatureText(name, PROMQL_FUNCTIONS[name])}.`;
  }

  private aggregate(node: SyntaxNode): PromQLType {
    const opNode = node.getChild('AggregateOp')!;
    const op = this.text(opNode).toLowerCase();
    const aggregation = PROMQL_AGGREGATIONS[op];
    if (aggregation === undefined || aggregation.experimental) {
      throw new Fault(
        aggregation === undefined
          ? { kind: 'unknown function', offset: opNode.from, message: `unknown aggregation ${op}`, fix: 'Use sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk, quantile or count_values.' }
          : { kind: 'not enabled', offset: opNode.from, message: `the aggregation ${op} is experimental`, fix: `${NOT_ENABLED}; use topk or bottomk instead.` },
      );
    }
    const args = this.exprs(node.getChild('FunctionCallBody')!);
    const types = args.map((arg) => this.typeOf(arg));
    const expected = aggregation.param ? 2 : 1;
    if (args.length !== expected) {
      throw this.fault(
        'type error',
        opNode,
        aggregation.param
          ? `${op} takes 2 arguments (${aggregation.paramName}, then an instant vector), got ${args.length}`
          : `${op} takes 1 argument (an instant vector), got ${args.length}`,
        aggregation.param
          ? `Write e.g. ${op}(${aggregation.param === 'string' ? '"value"' : op === 'quantile' ? '0.9' : '5'}, metric).`
          : `Write ${op}(<instant vector>), with by (...) or without (...) for the labels to keep; only topk, bottomk, quantile and count_values take a parameter.`,
      );
    }
    if (aggregation.param && types[0] !== aggregation.param) {
      throw this.fault(
        'type error',
        args[0],
        `${op} needs ${article(aggregation.param)} as ${aggregation.paramName}, got ${article(types[0])} (${excerpt(this.text(args[0]))})`,
        aggregation.param === 'string' ? 'Give the output label name as a string literal, e.g. "value".' : `Give a number, or scalar(...) of a one-series vector.`,
      );
    }
    const vector = args[args.length - 1];
    const type = types[types.length - 1];
    if (type !== 'instant vector') {
      const overTime = PROMQL_FUNCTIONS[`${op}_over_time`] && !PROMQL_FUNCTIONS[`${op}_over_time`].experimental ? `${op}_over_time` : undefined;
      throw this.fault(
        'type error',
        vector,
        `${op} aggregates an instant vector, got ${article(type)} (${excerpt(this.text(vector))})`,
        type === 'range vector'
          ? `Reduce the range first, e.g. ${op}(rate(metric[5m]))${overTime ? `; for the ${op} of each series over time use ${overTime}(...)` : ''}.`
          : type === 'scalar'
            ? `Turn the number into a vector with vector(${excerpt(this.text(vector))}), or leave the aggregation out.`
            : 'Aggregate a vector; a string is no value.',
      );
    }
    return 'instant vector';
  }
}
