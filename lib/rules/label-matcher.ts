import { ValidationError, show } from '../core/validation-error';
import { validateLabelName } from './label-names';

/** The four PromQL label matching operators. */
export const MatchOperator = {
  EQUALS: '=',
  NOT_EQUALS: '!=',
  REGEX: '=~',
  NOT_REGEX: '!~',
} as const;

/** One of the {@link MatchOperator} values. */
export type MatchOperator = (typeof MatchOperator)[keyof typeof MatchOperator];

/**
 * The right-hand side of a PromQL label matcher: `LabelMatcher.regex('shop|cart')` in a selector
 * becomes `namespace=~"shop|cart"`. A plain string in a {@link Selector} means `=`.
 */
export class LabelMatcher {
  /** `label="value"` */
  public static equals(value: string): LabelMatcher {
    return new LabelMatcher(MatchOperator.EQUALS, value);
  }
  /** `label!="value"` */
  public static notEquals(value: string): LabelMatcher {
    return new LabelMatcher(MatchOperator.NOT_EQUALS, value);
  }
  /** `label=~"regex"` (RE2, fully anchored by Prometheus). */
  public static regex(pattern: string): LabelMatcher {
    return new LabelMatcher(MatchOperator.REGEX, pattern);
  }
  /** `label!~"regex"` (RE2, fully anchored by Prometheus). */
  public static notRegex(pattern: string): LabelMatcher {
    return new LabelMatcher(MatchOperator.NOT_REGEX, pattern);
  }

  private constructor(
    /** The matching operator. */
    public readonly operator: MatchOperator,
    /** The value or pattern, unquoted. */
    public readonly value: string,
  ) {}

  /** The matcher for one label, e.g. `namespace=~"shop|cart"`. */
  public render(labelName: string): string {
    // PromQL string literals follow Go's escapes; JSON's \" \\ \n \uXXXX are a subset of them.
    return `${labelName}${this.operator}${JSON.stringify(this.value)}`;
  }
}

/**
 * Label matchers that pick the series a pack looks at, e.g. `{ namespace: 'shop' }` or
 * `{ namespace: LabelMatcher.regex('shop|cart'), job: LabelMatcher.notEquals('batch') }`.
 */
export type Selector = Readonly<Record<string, string | LabelMatcher>>;

/**
 * Renders selector matchers (followed by the pack's own fixed matchers) as the inside of a PromQL
 * `{...}`, in a stable order: the selector's keys sorted, then the fixed ones as given.
 */
export function renderMatchers(selector: Selector | undefined, where: string, fixed: ReadonlyArray<string> = []): string {
  return [...selectorMatchers(selector, where), ...fixed].join(',');
}

/** The metric name with its matchers, e.g. `http_requests_total{namespace="shop"}`. */
export function renderSeriesSelector(
  metric: string,
  selector: Selector | undefined,
  where: string,
  fixed: ReadonlyArray<string> = [],
): string {
  const matchers = renderMatchers(selector, where, fixed);
  return matchers === '' ? metric : `${metric}{${matchers}}`;
}

function selectorMatchers(selector: Selector | undefined, where: string): string[] {
  if (selector === undefined) return [];
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
    throw new ValidationError(
      where,
      `${show(selector)} is not a selector; write label matchers as a map, e.g. { namespace: "shop" } or { namespace: LabelMatcher.regex("shop|cart") }.`,
    );
  }
  return Object.keys(selector)
    .sort()
    .map((name) => {
      const at = `${where} > ${show(name)}`;
      validateLabelName(name, at);
      const value = selector[name];
      if (typeof value === 'string') return LabelMatcher.equals(value).render(name);
      if (value instanceof LabelMatcher) return value.render(name);
      throw new ValidationError(
        at,
        `${show(value)} is not a label matcher; give a string (equality) or LabelMatcher.equals/notEquals/regex/notRegex(...).`,
      );
    });
}
