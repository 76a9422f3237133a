import { Release } from '@cdktf/provider-helm/lib/release';
import { TerraformStack, Testing } from 'cdktf';
import { withoutStackTraces } from '../../lib/core/without-stack-traces';

// cdktf records a stack trace for each computed attribute of a resource it constructs
// (ComplexResolvable.creationStack). withoutStackTraces skips those while a constructor runs, and
// nothing else: the resource synthesizes the same, and errors keep their stacks.
describe('withoutStackTraces', () => {
  const creationStacks = (release: Release) => [release.metadata, release.postrender].map((reference) => (reference as any).creationStack as string[]);
  const newRelease = (stack: TerraformStack, id: string) => new Release(stack, id, { name: 'r', chart: 'c' });

  test('GIVEN a resource constructed inside THEN its computed attributes carry no stack trace, and one outside does', () => {
    const stack = new TerraformStack(Testing.app(), 'traces');
    const quiet = withoutStackTraces(() => newRelease(stack, 'quiet'));
    const traced = newRelease(stack, 'traced');
    expect(creationStacks(quiet)).toEqual([[], []]);
    for (const trace of creationStacks(traced)) expect(trace.length).toBeGreaterThan(0);
  });

  test('GIVEN two resources, one constructed inside THEN they synthesize alike', () => {
    const stack = new TerraformStack(Testing.app(), 'same');
    withoutStackTraces(() => newRelease(stack, 'a'));
    newRelease(stack, 'b');
    const releases = JSON.parse(Testing.synth(stack)).resource.helm_release;
    expect(releases.a).toEqual(releases.b);
  });

  // The second error's stack comes from Error.captureStackTrace alone.
  test.each([
    ['an Error', () => new Error('bad value')],
    ['an error given its stack by Error.captureStackTrace', () => {
      const error = new Error('bad value');
      error.stack = 'none';
      Error.captureStackTrace(error);
      return error;
    }],
  ])('GIVEN %s thrown inside THEN it keeps its stack, and Error.captureStackTrace is the original again', (_kind, make) => {
    const before = Error.captureStackTrace;
    let thrown: Error | undefined;
    try {
      withoutStackTraces(() => {
        throw make();
      });
    } catch (error) {
      thrown = error as Error;
    }
    expect(Error.captureStackTrace).toBe(before);
    expect(thrown?.stack).toMatch(/^Error: bad value\n\s+at /);
  });
});
