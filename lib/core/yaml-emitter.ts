/**
 * A fast emitter of plain JSON-like data (objects, arrays, strings, numbers, booleans, null) that
 * writes exactly the text `yaml`'s `stringify` writes with the options of {@link toYaml}
 * (`lineWidth: 0`, no aliases, insertion-ordered keys): a port of that library's block-style and
 * scalar rules (yaml 2.x `stringifyString`, `stringifyPair`, `stringifyCollection`), without its node
 * tree, which made YAML the largest cost of a synth with thousands of rule packs.
 *
 * Anything outside the subset it ports returns `undefined`, and the caller falls back to the library:
 * strings with control characters, multi-line strings that need quotes, `toJSON` objects, class
 * instances, `undefined` in arrays, very long keys, document markers, deep nesting. The test in
 * test/core/yaml-emitter.test.ts compares both on generated documents full of edge cases.
 */
export function emitYaml(value: unknown): string | undefined {
  if (!isPlainObject(value) && !Array.isArray(value)) return undefined;
  try {
    return `${emitCollection(value, '', 0)}\n`;
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

const UNSUPPORTED = Symbol('unsupported');
const MAX_DEPTH = 200;
const INDENT_STEP = '  ';
// The library forces double quotes (with escapes) on these; left to the library.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// plainString's "not allowed as a plain scalar" test.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/**
 * Strings the YAML 1.2 core schema would read back as null, a boolean or a number, which are quoted:
 * the `test` patterns of the library's core schema tags, copied so that the library need not load
 * (the test in test/core/yaml-emitter.test.ts checks that they still equal the library's).
 */
export const TYPED_SCALAR_TESTS: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

function unsupported(): never {
  throw UNSUPPORTED;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** A non-empty or empty collection whose node context has indent `indent`. */
function emitCollection(value: unknown[] | Record<string, unknown>, indent: string, depth: number): string {
  if (depth > MAX_DEPTH) unsupported();
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const itemIndent = indent + INDENT_STEP;
    let out = '';
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === undefined) unsupported();
      const text = emitNode(item, itemIndent, depth);
      out += i === 0 ? `- ${text}` : `\n${indent}- ${text}`;
    }
    return out;
  }
  const pairIndent = indent + INDENT_STEP;
  let out = '';
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    const keyText = emitString(key, pairIndent, true);
    if (keyText.length > 1024) unsupported(); // the library switches to an explicit `? key`
    let pair: string;
    if (Array.isArray(item) || isPlainObject(item)) {
      const nested = emitCollection(item, pairIndent, depth + 1);
      const empty = Array.isArray(item) ? item.length === 0 : nested === '{}';
      pair = empty ? `${keyText}: ${nested}` : `${keyText}:\n${pairIndent}${nested}`;
    } else {
      pair = `${keyText}: ${emitScalar(item, pairIndent)}`;
    }
    out += first ? pair : `\n${indent}${pair}`;
    first = false;
  }
  return first ? '{}' : out;
}

function emitNode(value: unknown, indent: string, depth: number): string {
  if (Array.isArray(value) || isPlainObject(value)) return emitCollection(value, indent, depth + 1);
  return emitScalar(value, indent);
}

function emitScalar(value: unknown, indent: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return emitString(value, indent, false);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    default:
      return unsupported();
  }
}

/** The library's `plainString` for a string scalar outside flow collections. */
function emitString(value: string, indent: string, implicitKey: boolean): string {
  if (CONTROL.test(value)) unsupported();
  const multiline = value.includes('\n');
  if (implicitKey && multiline) return quoted(value);
  if (NOT_PLAIN.test(value)) return implicitKey || !multiline ? quoted(value) : blockLiteral(value, indent);
  if (!implicitKey && multiline) return blockLiteral(value, indent);
  if (DOCUMENT_MARKER.test(value)) unsupported();
  for (const test of TYPED_SCALAR_TESTS) if (test.test(value)) return quoted(value);
  return value;
}

/** The library's `quotedString` for a single-line string (multi-line ones are left to the library). */
function quoted(value: string): string {
  if (value.includes('\n')) unsupported();
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  // Single quotes only when the text has double quotes and no single ones; else JSON-style double.
  if (hasDouble && !hasSingle) return `'${value}'`;
  return JSON.stringify(value);
}

/** The library's `blockString` with `lineWidth: 0` (always literal `|`), for a nested multi-line string. */
function blockLiteral(value: string, indent: string): string {
  if (/\n[\t ]+$/.test(value) || indent === '') unsupported();
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  let chomp: string;
  if (endNlPos === -1) chomp = '-';
  else if (value === end || endNlPos !== end.length - 1) chomp = '+';
  else chomp = '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}

const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
