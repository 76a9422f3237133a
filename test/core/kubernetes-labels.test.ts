import { isAnnotationKey, isLabelKey, isLabelValue } from '../../lib/core/kubernetes-labels';

describe('Kubernetes label and annotation keys and label values', () => {
  const name63 = `a${'b'.repeat(61)}c`;

  test.each(['team', 'app.kubernetes.io/name', 'node-role.kubernetes.io/control-plane', 'a_b.c-d', 'A1', name63, `example.com/${name63}`])('%s is a label key and an annotation key', (key) => {
    expect(isLabelKey(key)).toBe(true);
    expect(isAnnotationKey(key)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    ['-team', 'not alphanumeric at the start'],
    ['team_', 'not alphanumeric at the end'],
    [`${name63}d`, '64 characters'],
    ['example.com/', 'an empty name'],
    ['/team', 'an empty prefix'],
    ['a..b/team', "a prefix with '..'"],
    ['a/b/c', 'two slashes'],
    ['team name', 'a space'],
    [`${'a'.repeat(254)}/team`, 'a prefix over 253 characters'],
  ])('%j is neither (%s)', (key) => {
    expect(isLabelKey(key)).toBe(false);
    expect(isAnnotationKey(key)).toBe(false);
  });

  test('an upper-case prefix: Kubernetes lower-cases annotation keys first, never label keys', () => {
    expect(isAnnotationKey('Example.COM/team')).toBe(true);
    expect(isLabelKey('Example.COM/team')).toBe(false);
  });

  test('label values: empty, or a qualified name of up to 63 characters', () => {
    for (const value of ['', 'checkout', 'v1.2_3-x', name63]) expect(isLabelValue(value)).toBe(true);
    for (const value of [`${name63}d`, '-x', 'x-', 'a b', 'a/b', 42, undefined]) expect(isLabelValue(value)).toBe(false);
  });

  test('only strings are keys', () => {
    expect(isLabelKey(42)).toBe(false);
    expect(isAnnotationKey(undefined)).toBe(false);
  });
});
