import { ValidationError } from '../../lib/core/validation-error';

/** One row of the bad-input catalogue: which construct, what the mistake is, how to make it, what the message must say. */
export type BadInputCase = [construct: string, description: string, build: () => unknown, expected: RegExp | string[]];

/**
 * Asserts that `fn` refuses its input with OUR error: a ValidationError (not a TypeError from cdktf,
 * constructs, yaml, lezer or the foundation SDK) whose message contains every expected part (the
 * construct/model path, the bad value, the fix), thrown from our code before any dependency was called
 * (the first stack frame is outside node_modules). Returns the error for further assertions.
 */
export function expectClearError(fn: () => unknown, parts: RegExp | readonly string[]): ValidationError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error('expected a ValidationError, but the bad input was accepted');
  if (!(thrown instanceof ValidationError)) {
    const error = thrown as Error;
    throw new Error(`expected a ValidationError, got ${error?.constructor?.name ?? typeof thrown}: ${error?.message}\n${error?.stack}`);
  }
  const message = thrown.message;
  if (parts instanceof RegExp) {
    expect(message).toMatch(parts);
  } else {
    for (const part of parts) expect(message).toContain(part);
  }
  const firstFrame = (thrown.stack ?? '').split('\n').find((line) => /^\s+at /.test(line)) ?? '';
  expect(firstFrame).not.toBe('');
  expect(firstFrame).not.toMatch(/node_modules/);
  return thrown;
}

/** Runs a table of cases as one test each. */
export function catalogue(title: string, cases: readonly BadInputCase[]): void {
  describe(title, () => {
    test.each(cases.map((row) => [`${row[0]}: ${row[1]}`, row] as const))('%s', (_name, [, , build, expected]) => {
      expectClearError(build, expected);
    });
  });
}

/** Deliberately wrong input from JavaScript callers: cast through unknown so the type checker lets it pass. */
export function untyped<T>(value: unknown): T {
  return value as T;
}
