import { Document, stringify } from 'yaml';

/** The yaml library's options for {@link toYaml}. */
const OPTIONS = {
  lineWidth: 0,
  aliasDuplicateObjects: false,
  sortMapEntries: false,
  compat: 'yaml-1.1',
} as const;

/**
 * Deterministic YAML: keys keep the order the program built them in, no line folding (so a long
 * PromQL expression stays one diffable line unless it already has line breaks), no anchors/aliases.
 * Read the same by YAML 1.1 readers: helm and the Go programs of the stack (Prometheus, Alertmanager,
 * Loki) take a plain `yes`, `on`, `n` or `1_000` for a boolean or a number, so such strings are quoted.
 *
 * The text is the yaml library's, byte for byte. Plain data (objects, arrays, strings, numbers,
 * booleans, null) is written by a direct writer that makes the library's choices (which strings stay
 * plain is decided by the library's own rules and schema; a quoted string is rendered by the library;
 * a multi-line string is the library's literal block); anything else (multi-line strings with edge
 * whitespace, unusual keys, class instances) goes to the library as a whole. Rule files at scale are thousands of documents: the direct writer is several
 * times faster than building the library's node tree.
 */
export function toYaml(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    try {
      const lines: string[] = [];
      if (isEmptyCollection(value)) return Array.isArray(value) ? '[]\n' : '{}\n';
      writeBlock(value as Record<string, unknown> | unknown[], '', lines, 0);
      return `${lines.join('\n')}\n`;
    } catch (error) {
      if (error !== NOT_PLAIN) throw error;
    }
  }
  return stringify(value, OPTIONS);
}

/** Thrown inside the direct writer when the value needs the library. */
const NOT_PLAIN = new Error('not plain data');
const MAX_DEPTH = 64;

/** The schema tags that make a plain scalar read as something other than a string (YAML 1.2 core and 1.1). */
const NON_STRING_TAGS = (() => {
  const schema = new Document(null, OPTIONS).schema as unknown as { tags: ScalarTagLike[]; compat?: ScalarTagLike[] | null };
  return [...schema.tags, ...(schema.compat ?? [])].filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test);
})();
interface ScalarTagLike {
  readonly default?: boolean | string;
  readonly tag: string;
  readonly test?: RegExp;
}

/** The library's rule for strings that cannot be plain (stringifyString.js, plainString), single-line. */
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Control characters and lone surrogates, which the library double-quotes. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Document markers, whose quoting depends on the position. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/;

/** Characters no YAML number, boolean, null or timestamp has: a string with one is read as a string. */
const SURELY_STRING = /[(){}"=/$[\]]/;

/** Whether the library writes this single-line string plain (unquoted). */
function isPlain(text: string): boolean {
  if (text === '' || NEEDS_QUOTES.test(text) || CONTROL.test(text) || DOCUMENT_MARKER.test(text)) return false;
  if (SURELY_STRING.test(text)) return true;
  let plain = plainByText.get(text);
  if (plain === undefined) {
    plain = !NON_STRING_TAGS.some((tag) => tag.test!.test(text));
    if (plainByText.size > 10_000) plainByText.clear();
    plainByText.set(text, plain);
  }
  return plain;
}

/** The schema tags' verdict per string: keys and label values repeat in every rule, each tested by a dozen patterns. */
const plainByText = new Map<string, boolean>();

/**
 * A multi-line string as the library writes it (a literal block, `|-`) when it has no leading or
 * trailing whitespace and no control characters; other multi-line strings go to the library.
 */
function literalBlock(text: string, indent: string): string {
  if (/^\s|\s$|\r/.test(text) || CONTROL.test(text)) throw NOT_PLAIN;
  return `|-\n${indent}${text.replace(/\n+/g, (newlines) => newlines + indent)}`;
}

/** Quoted renderings by the library, per string: annotations and label values repeat a lot. */
const quoted = new Map<string, string>();

/** A scalar at a line whose collection is indented by `indent`. */
function scalar(value: unknown, isKey: boolean, indent: string): string {
  switch (typeof value) {
    case 'string': {
      if (isKey && (value.length > 1024 || value.includes('\n'))) throw NOT_PLAIN;
      if (value.includes('\n')) return literalBlock(value, `${indent}  `);
      if (value.includes('\r')) throw NOT_PLAIN;
      if (isPlain(value)) return value;
      // A key, or a string starting like a document marker, is written by the library in context.
      if (isKey || DOCUMENT_MARKER.test(value)) throw NOT_PLAIN;
      let text = quoted.get(value);
      if (text === undefined) {
        text = stringify(value, OPTIONS).slice(0, -1);
        if (text.includes('\n')) throw NOT_PLAIN;
        if (quoted.size > 10_000) quoted.clear();
        quoted.set(value, text);
      }
      return text;
    }
    case 'number':
      if (isKey || !Number.isFinite(value) || Object.is(value, -0)) throw NOT_PLAIN;
      return JSON.stringify(value);
    case 'boolean':
      if (isKey) throw NOT_PLAIN;
      return value ? 'true' : 'false';
    case 'object':
      if (value === null && !isKey) return 'null';
      throw NOT_PLAIN;
    default:
      throw NOT_PLAIN;
  }
}

/** A plain object or an array (anything else, e.g. a Date or a Map, goes to the library). */
function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw NOT_PLAIN;
  return true;
}

function isEmptyCollection(value: object): boolean {
  if (!isCollection(value)) return false;
  return Array.isArray(value) ? value.length === 0 : !Object.values(value).some((v) => v !== undefined);
}

/** Writes a non-empty block collection, each line starting with `indent`. */
function writeBlock(value: Record<string, unknown> | unknown[], indent: string, lines: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw NOT_PLAIN;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    for (const raw of value) {
      const item = raw === undefined ? null : raw;
      if (isCollection(item) && !isEmptyCollection(item)) {
        const start = lines.length;
        writeBlock(item, inner, lines, depth + 1);
        lines[start] = `${indent}- ${lines[start].slice(inner.length)}`;
      } else {
        lines.push(`${indent}- ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, false, indent)}`);
      }
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    if (typeof item === 'function' || typeof item === 'symbol') throw NOT_PLAIN;
    const name = scalar(key, true, indent);
    if (isCollection(item) && !isEmptyCollection(item)) {
      lines.push(`${indent}${name}:`);
      writeBlock(item, inner, lines, depth + 1);
    } else {
      lines.push(`${indent}${name}: ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item, false, indent)}`);
    }
  }
}
