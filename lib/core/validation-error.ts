/**
 * The one error type for bad input. Its message always names where the bad value was given
 * (a construct path such as `monitoring-prod/prometheus`, or a model path such as
 * `RuleGroup "api.rules" > AlertRule "HighErrorRate"`), the bad value, and what to do instead.
 */
export class ValidationError extends Error {
  /** Where the bad value was given. */
  public readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ValidationError';
    this.path = path;
  }
}

/**
 * Re-throws a model error raised without context under the path of the construct that received the
 * value, so that the user sees e.g. `monitoring-prod/prometheus: RuleGroup "x": ...`.
 */
export function withPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ValidationError && !error.message.startsWith(path)) {
      throw new ValidationError(path, error.message);
    }
    throw error;
  }
}

/**
 * Quotes a user value for an error message so that empty strings and spaces stay visible. Never throws
 * (JSON.stringify does on cycles and bigints).
 */
export function show(value: unknown): string {
  // JSON would print NaN and ±Infinity as null, hiding the mistake.
  if (typeof value === 'bigint' || (typeof value === 'number' && !Number.isFinite(value))) return String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A cycle: typically a construct passed where props were expected.
    text = `[${(value as object)?.constructor?.name ?? typeof value}]`;
  }
  return text ?? String(value);
}
