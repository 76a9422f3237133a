/**
 * Alertmanager matches regexes with Go's RE2 engine; this library also evaluates routes in
 * TypeScript (`matchingReceivers`, `checkCoverage`). A pattern is accepted only when both engines
 * read it the same way, so the two can never silently disagree. Returns the JavaScript RegExp
 * (anchored like Alertmanager's `^(?:re)$`) or a message that says what is wrong and what to write.
 */
export function compileRe2(pattern: string): { regex: RegExp } | { problem: string } {
  let flags = '';
  let body = pattern;
  // Go's leading inline flags `(?i)`, `(?s)`, `(?m)`, `(?is)` map to JavaScript flags.
  const leading = /^\(\?([ims]+)\)/.exec(body);
  if (leading) {
    flags = [...new Set(leading[1].split(''))].sort().join('');
    body = body.slice(leading[0].length);
  }
  const problem = re2Problem(body);
  if (problem) return { problem };
  // RE2 named groups are `(?P<name>...)`; JavaScript spells them `(?<name>...)`.
  const js = body.replace(/\(\?P</g, '(?<');
  try {
    return { regex: new RegExp(`^(?:${js})$`, flags) };
  } catch (error) {
    return { problem: `it is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})` };
  }
}

const ESCAPES_BOTH_READ_ALIKE = new Set(['f', 't', 'n', 'r', 'v', 'd', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'x', '0']);

function re2Problem(body: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined) return 'it ends with a lone "\\"; escape it as "\\\\"';
      if (/[1-9]/.test(next) && !inClass) {
        return `"\\${next}" is a backreference, which RE2 does not support; match the text explicitly`;
      }
      if (next === 'k' && body[i + 2] === '<') return 'named backreferences ("\\k<...>") are not supported by RE2';
      if (/[a-zA-Z]/.test(next) && !ESCAPES_BOTH_READ_ALIKE.has(next)) {
        return `the escape "\\${next}" is not read the same by RE2 and by this library's route evaluation; use a character class instead (e.g. "[A-Za-z]" for "\\pL", "^"/"$" for "\\A"/"\\z")`;
      }
      if (next === 'x' && body[i + 2] === '{') {
        return 'the escape "\\x{...}" is RE2-only; write the character itself or "\\xHH"';
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && body[i + 1] === ':') {
        return 'POSIX classes such as "[[:alpha:]]" are read differently by JavaScript; write the class out (e.g. "[A-Za-z]")';
      }
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A "]" right after "[" or "[^" is a literal in both engines.
      if (body[i + 1] === '^') i++;
      if (body[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && body[i + 1] === '?') {
      const rest = body.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(rest)) return 'lookaround assertions ("(?=", "(?!", "(?<=", "(?<!") are not supported by RE2';
      if (/^<[A-Za-z_]/.test(rest)) return 'named groups must be written "(?P<name>...)" for Alertmanager 0.25 (Go 1.19 RE2)';
      if (!/^(:|P<)/.test(rest)) {
        return 'inline flags are only supported at the very start of the pattern (e.g. "(?i)critical|warning")';
      }
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(body.slice(i));
      if (repeat && (Number(repeat[1]) > 1000 || Number(repeat[2] || 0) > 1000)) {
        return `the repeat count in "${repeat[0]}" is above RE2's limit of 1000`;
      }
    }
  }
  if (inClass) return 'a character class "[" is not closed; add "]"';
  return undefined;
}
