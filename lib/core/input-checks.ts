import { Token } from 'cdktf';
import { ValidationError, show } from './validation-error';

// Checks of the shape of props that JavaScript callers (and `as any`) can get wrong, done before the
// value reaches code that would fail with a TypeError, or a dependency that would fail without a path.

/** A DNS-1123 label: namespaces, and objects named after one (Probes, monitors). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A Kubernetes object name (DNS-1123 subdomain): Secrets, ConfigMaps, IngressClasses, Deployments, DaemonSets.
 * At most 253 characters; each part between dots starts and ends with a letter or digit (no `a..b`, `a.-b`).
 */
export const KUBERNETES_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** What {@link KUBERNETES_NAME} allows, for the fix of an error message. */
export const KUBERNETES_NAME_RULE = "at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit";

// Helm allows 53 characters; ours stay at 32 so that the objects a chart names after the release
// (`<release>-prometheus-node-exporter`…) stay within Kubernetes' 63.
const RELEASE_NAME = /^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/;

/** The `releaseName` prop of a construct (the Helm release, and the prefix of what the chart names). */
export function checkReleaseName(value: unknown, where: string): string {
  if (typeof value !== 'string' || !RELEASE_NAME.test(value)) {
    throw new ValidationError(
      where,
      `releaseName ${show(value)} is not allowed; use up to 32 lowercase letters, digits and '-', starting with a letter (the chart names its objects after it).`,
    );
  }
  return value;
}

/** The `replicas` prop of a construct: a whole number of at least 1. */
export function checkReplicas(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationError(where, `replicas ${show(value)} must be a whole number of at least 1.`);
  }
  return value;
}

/** The `namespace` prop of a construct: a DNS-1123 label. */
export function checkNamespaceProp(value: unknown, where: string): string {
  // A token (e.g. another resource's metadata.name) is only known at apply time; Kubernetes checks it then.
  if (typeof value === 'string' && Token.isUnresolved(value)) return value;
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    throw new ValidationError(
      where,
      `namespace ${show(value)} is not a Kubernetes namespace name; use at most 63 lowercase letters, digits and '-' (or pass the MonitoringNamespace itself; e.g. "monitoring").`,
    );
  }
  return value;
}

/** An optional list prop: undefined, or an array (not one object, not a string). */
export function checkOptionalList<T>(value: ReadonlyArray<T> | undefined, where: string, prop: string, example: string): ReadonlyArray<T> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ValidationError(where, `${prop} ${show(value)} is not a list; wrap it in [ ], e.g. ${prop}: [${example}].`);
  }
  return value;
}

/** Whether a value of a JavaScript or YAML config is an object of named entries (not null, not a list). */
export function isObjectMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An optional map of strings (labels, tags): undefined or a plain object whose values are strings. */
export function checkOptionalStringMap(value: unknown, where: string, prop: string, example: string): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (!isObjectMap(value)) {
    throw new ValidationError(where, `${prop} ${show(value)} is not a map of names to strings; write e.g. ${prop}: ${example}.`);
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      throw new ValidationError(where, `${prop}.${key} ${show(entry)} is not a string; quote it (e.g. ${show(String(entry))}).`);
    }
  }
  return value as Record<string, string>;
}

/** The range {@link checkNumberInRange} accepts: inclusive bounds, whole numbers unless `integer` is false. */
export interface NumberRange {
  /** The smallest value allowed. @default no lower bound */
  readonly min?: number;
  /** The largest value allowed. @default no upper bound */
  readonly max?: number;
  /** Only whole numbers. @default true */
  readonly integer?: boolean;
}

/** How {@link checkNumberInRange} words a refusal, when the range in words is not the clearest message. */
export interface NumberRangeWording {
  /** Replaces `must be a whole number from 1 to 65535` (the range in words), e.g. `is not a TCP port`. */
  readonly requirement?: string;
  /** Appended as is, before the full stop, e.g. `; the default is 9042`. */
  readonly hint?: string;
}

/**
 * A number prop within a range, e.g. `checkNumberInRange(port, path, 'port', { min: 1, max: 65535 })`,
 * refused (NaN, a string or a fraction included) with `<prop> <value> must be a whole number from
 * <min> to <max>` (`of at least <min>`, `of at most <max>`) and the wording's hint.
 */
export function checkNumberInRange(value: unknown, where: string, prop: string, range: NumberRange, wording: NumberRangeWording = {}): number {
  const integer = range.integer ?? true;
  const inRange =
    typeof value === 'number' &&
    (integer ? Number.isInteger(value) : Number.isFinite(value)) &&
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max);
  if (!inRange) {
    throw new ValidationError(where, `${prop} ${show(value)} ${wording.requirement ?? `must be ${describeRange(range, integer)}`}${wording.hint ?? ''}.`);
  }
  return value;
}

function describeRange(range: NumberRange, integer: boolean): string {
  const kind = integer ? 'a whole number' : 'a number';
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}`;
  if (range.min !== undefined) return `${kind} of at least ${range.min}`;
  if (range.max !== undefined) return `${kind} of at most ${range.max}`;
  return kind;
}
