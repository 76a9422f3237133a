/**
 * Runs `create`, a provider resource's constructor, without the stack traces cdktf records while it runs:
 * for every computed attribute of every resource (its `ComplexResolvable`s) cdktf captures and formats a
 * full trace, with no depth limit, into a plain object, only to word its own error if that attribute's
 * token later fails to resolve. That was ~8 % of synth and ~1.5 s of the 1,000-service scale app (README
 * "Performance"); our errors name construct paths instead. Only captures into objects that are not errors
 * are skipped (cdktf then keeps an empty trace), and only while `create` runs: every error keeps its stack.
 */
export function withoutStackTraces<T>(create: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, below?: Function) => {
    if (target instanceof Error) capture(target, below);
  };
  try {
    return create();
  } finally {
    Error.captureStackTrace = capture;
  }
}
