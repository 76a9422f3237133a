import { ValidationError, show } from '../core/validation-error';

/** Prometheus's label name rule. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Prometheus's metric name rule, which recording rule names (`level:metric:operations`) follow. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** True when the text is a valid Prometheus label name (reserved `__` names included). */
export function isValidLabelName(name: unknown): name is string {
  return typeof name === 'string' && LABEL_NAME_PATTERN.test(name);
}

/** True when the text is a valid Prometheus metric (and recording rule) name. */
export function isValidMetricName(name: unknown): name is string {
  return typeof name === 'string' && METRIC_NAME_PATTERN.test(name);
}

/**
 * Refuses a label name a user may not set: anything outside `[a-zA-Z_][a-zA-Z0-9_]*`, and names
 * starting with `__`, which Prometheus reserves for its own internal labels (they are dropped or
 * misread after relabelling).
 * @param where the model path of the label, for the error message.
 */
export function validateLabelName(name: unknown, where: string): string {
  if (!isValidLabelName(name)) {
    throw new ValidationError(
      where,
      `${show(name)} is not a valid Prometheus label name; use letters, digits and underscores, not starting with a digit (e.g. "team", "service_tier").`,
    );
  }
  if (name.startsWith('__')) {
    throw new ValidationError(
      where,
      `${show(name)} starts with "__", which Prometheus reserves for internal labels; choose a name without the leading "__" (e.g. ${show(name.replace(/^_+/, '') || 'label')}).`,
    );
  }
  return name;
}

/**
 * Refuses a metric or recording rule name outside `[a-zA-Z_:][a-zA-Z0-9_:]*`.
 * @param where the model path of the name, for the error message.
 */
export function validateMetricName(name: unknown, where: string): string {
  if (!isValidMetricName(name)) {
    throw new ValidationError(
      where,
      `${show(name)} is not a valid Prometheus metric name; use letters, digits, underscores and colons, not starting with a digit (recording rules: "level:metric:operations", e.g. "service:http_requests:rate5m").`,
    );
  }
  return name;
}

/**
 * Validates every key of a label map (user labels, annotations) and that every value is a string.
 * @param reserved names the caller sets through dedicated props, refused here with a pointer to them.
 */
export function validateLabelMap(
  map: Readonly<Record<string, string>> | undefined,
  where: string,
  reserved: Readonly<Record<string, string>> = {},
): Record<string, string> {
  if (map === undefined) return {};
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw new ValidationError(where, `${show(map)} is not a map of names to strings; write e.g. { tier: "frontend" }.`);
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) {
    const at = `${where} > ${show(key)}`;
    if (Object.prototype.hasOwnProperty.call(reserved, key)) {
      throw new ValidationError(at, `${show(key)} cannot be set here; ${reserved[key]}.`);
    }
    validateLabelName(key, at);
    const value = map[key];
    if (typeof value !== 'string') {
      throw new ValidationError(at, `value ${show(value)} is not a string; quote it (e.g. ${show(String(value))}).`);
    }
    out[key] = value;
  }
  return out;
}
