import { ValidationError } from '../../lib/core/validation-error';

/**
 * The ValidationError that `fn` throws. Fails the test when `fn` throws nothing, and rethrows any
 * other error, so a TypeError from inside a dependency never passes for a clear refusal.
 */
export function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

/**
 * Asserts that `fn` throws a ValidationError whose message contains every part (the path, the bad
 * value, the fix hint), and returns it for further checks.
 */
export function expectValidationError(fn: () => unknown, ...parts: string[]): ValidationError {
  const error = refusal(fn);
  for (const part of parts) expect(error.message).toContain(part);
  return error;
}
