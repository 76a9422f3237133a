import { ValidationError } from '../core/validation-error';

/**
 * Runs `fn` and re-throws a ValidationError from inside it under an enclosing model path, joined
 * with ` > `, so that a bad value inside a pack reads
 * `ServiceHealthRules "service-health" > AlertRule "HighErrorRate" > for: ...`.
 */
export function withinModelPath<T>(outer: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ValidationError && !error.path.startsWith(outer)) {
      const detail = error.message.slice(error.path.length + 2);
      throw new ValidationError(`${outer} > ${error.path}`, detail);
    }
    throw error;
  }
}
