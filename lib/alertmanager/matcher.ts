import { ValidationError, show } from '../core/validation-error';
import { checkLabelName } from './label-name';
import { compileRe2 } from './re2-regex';

/** The four Alertmanager matcher operators. */
export const MatcherOperator = {
  EQUAL: '=',
  NOT_EQUAL: '!=',
  REGEX: '=~',
  NOT_REGEX: '!~',
} as const;

/** One of the {@link MatcherOperator} values. */
export type MatcherOperator = (typeof MatcherOperator)[keyof typeof MatcherOperator];

const PARSE = /^\s*([^\s=!~"]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

/**
 * One Alertmanager label matcher (`team="platform"`, `severity=~"critical|warning"`), validated when
 * created: the label name, and for regexes that the pattern is RE2 and reads the same in
 * TypeScript. Rendered in the `matchers:` syntax of Alertmanager 0.22+; regexes are fully anchored.
 */
export class Matcher {
  /** `name="value"` */
  public static eq(name: string, value: string): Matcher {
    return new Matcher(name, MatcherOperator.EQUAL, value);
  }
  /** `name!="value"` (a missing label counts as the empty string). */
  public static notEq(name: string, value: string): Matcher {
    return new Matcher(name, MatcherOperator.NOT_EQUAL, value);
  }
  /** `name=~"regex"` (RE2, anchored at both ends). */
  public static regex(name: string, pattern: string): Matcher {
    return new Matcher(name, MatcherOperator.REGEX, pattern);
  }
  /** `name!~"regex"` (RE2, anchored at both ends). */
  public static notRegex(name: string, pattern: string): Matcher {
    return new Matcher(name, MatcherOperator.NOT_REGEX, pattern);
  }

  /**
   * Parses Alertmanager's matcher text: `team="platform"`, `severity=~"critical|warning"`,
   * `env!=dev` (unquoted values are allowed, as in Alertmanager).
   * @param where the model path of the matcher, for error messages.
   */
  public static parse(text: string, where = 'Matcher'): Matcher {
    const match = typeof text === 'string' ? PARSE.exec(text) : null;
    if (!match) {
      throw new ValidationError(
        where,
        `${show(text)} is not a matcher; write label, operator (=, !=, =~, !~) and a quoted value, e.g. 'team="platform"' or 'severity=~"critical|warning"'.`,
      );
    }
    const [, name, operator, raw] = match;
    return new Matcher(name, operator as MatcherOperator, unquote(raw, text, where), where);
  }

  /** Matches label sets in TypeScript exactly as Alertmanager does. */
  private readonly regex?: RegExp;

  private constructor(
    /** The label name. */
    public readonly name: string,
    /** The operator. */
    public readonly operator: MatcherOperator,
    /** The value or regex pattern, unquoted. */
    public readonly value: string,
    where?: string,
  ) {
    const at = where ?? `Matcher ${show(`${name}${operator}${value}`)}`;
    checkLabelName(name, at);
    if (typeof value !== 'string') {
      throw new ValidationError(at, `value ${show(value)} is not a string; quote it (e.g. ${show(String(value))}).`);
    }
    if (operator === MatcherOperator.REGEX || operator === MatcherOperator.NOT_REGEX) {
      const compiled = compileRe2(value);
      if ('problem' in compiled) {
        throw new ValidationError(at, `regex ${show(value)} for label "${name}" is refused: ${compiled.problem}.`);
      }
      this.regex = compiled.regex;
    }
  }

  /** True when the label set satisfies the matcher; a missing label is the empty string. */
  public matches(labels: Readonly<Record<string, string>>): boolean {
    const actual = Object.prototype.hasOwnProperty.call(labels, this.name) ? labels[this.name] : '';
    switch (this.operator) {
      case MatcherOperator.EQUAL:
        return actual === this.value;
      case MatcherOperator.NOT_EQUAL:
        return actual !== this.value;
      case MatcherOperator.REGEX:
        return this.regex!.test(actual);
      case MatcherOperator.NOT_REGEX:
        return !this.regex!.test(actual);
    }
  }

  /** Alertmanager's matcher text, e.g. `team="platform"`; `"`, `\` and newlines escaped. */
  public toString(): string {
    const quoted = this.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    return `${this.name}${this.operator}"${quoted}"`;
  }
}

/** Accepts Matcher objects or matcher text, as user-facing props do. */
export type MatcherLike = Matcher | string;

/** Turns props' matchers into Matcher objects; `where` names the list for error messages. */
export function toMatchers(matchers: ReadonlyArray<MatcherLike> | undefined, where: string): Matcher[] {
  if (matchers === undefined) return [];
  if (!Array.isArray(matchers)) {
    throw new ValidationError(where, `${show(matchers)} is not a list of matchers; write e.g. ['team="platform"'].`);
  }
  return matchers.map((m, i) => {
    if (m instanceof Matcher) return m;
    return Matcher.parse(m, `${where}[${i}]`);
  });
}

function unquote(raw: string, text: string, where: string): string {
  if (!raw.startsWith('"')) {
    if (/["\\]/.test(raw)) {
      throw new ValidationError(where, `${show(text)} has an unquoted value with quotes or backslashes; quote the value, e.g. 'name="a\\"b"'.`);
    }
    return raw;
  }
  if (raw.length < 2 || !raw.endsWith('"')) {
    throw new ValidationError(where, `${show(text)} has a value without its closing quote; end it with '"'.`);
  }
  let out = '';
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i];
    if (c === '"') {
      throw new ValidationError(where, `${show(text)} has an unescaped '"' inside the value; write it as '\\"'.`);
    }
    if (c === '\\') {
      const next = raw[++i];
      if (i >= raw.length - 1) {
        throw new ValidationError(where, `${show(text)} has a value without its closing quote (the last '"' is escaped); end it with '"'.`);
      }
      if (next === 'n') out += '\n';
      else if (next === '"' || next === '\\') out += next;
      // Like Alertmanager 0.25's parser: any other escape keeps its backslash (`"a\.b"` is `a\.b`).
      else out += `\\${next}`;
      continue;
    }
    out += c;
  }
  return out;
}
