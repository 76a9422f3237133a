/**
 * Runs `create`, a provider resource's constructor, without the stack traces cdktf formats while it runs:
 * cdktf records a full trace, with no depth limit, for every computed attribute of every resource (its
 * `ComplexResolvable`s), only to word its own error if that attribute's token later fails to resolve.
 * Formatting them was ~8 % of synth and ~1 s of the 1,000-service scale app (README "Performance"); our
 * errors name construct paths instead. Only formatting is skipped and only while `create` runs: an error
 * thrown by it formats its stack when read, afterwards, as usual.
 */
export function withoutStackTraces<T>(create: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = emptyStackTrace;
  try {
    return create();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** cdktf keeps an empty trace as "none" (`if (!object.stack) return []`). */
function emptyStackTrace(): string {
  return '';
}
