import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Charts, MonitoringNamespace } from '../../lib';
import { createChartRelease } from '../../lib/core/chart-release';
import { chartValuesOverridePaths, checkChartValuesOverride, mergeChartValues } from '../../lib/core/chart-values-override';
import { unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { ReviewArtifacts } from '../../lib/review/review-artifacts';
import { diffStack } from '../../lib/review/review-diff';
import { parseStackReview } from '../../lib/review/review-tree';
import { expectValidationError, refusal } from '../support/refusal';

/*
 * The chart-values override (lib/core/chart-values-override.ts): merged last over a release's values on
 * the one output path (createChartRelease → YAML → Terraform escaping), refused when it holds a
 * credential, and shown in summary.md, chart-values-overrides.json and the review diff.
 */

type Obj = Record<string, any>;

describe('mergeChartValues', () => {
  test('maps merge key by key; lists and scalars replace; null stays (Helm then drops the default)', () => {
    // GIVEN values a construct renders and an override of some of them
    const values = { server: { replicas: 1, args: ['--a'], labels: { team: 'platform' } }, keep: true };
    const override = { server: { args: ['--b'], labels: { tier: 'obs' }, persistence: null } };

    // WHEN merged
    const merged = mergeChartValues(values, override);

    // THEN the override wins leaf by leaf, lists replace, untouched keys stay, the inputs are unchanged
    expect(merged).toEqual({ server: { replicas: 1, args: ['--b'], labels: { team: 'platform', tier: 'obs' }, persistence: null }, keep: true });
    expect(values.server.args).toEqual(['--a']);
    expect(values.server.labels).toEqual({ team: 'platform' });
  });

  test('a scalar over a map replaces the map, and no override leaves the values as they are', () => {
    expect(mergeChartValues({ a: { b: 1 } }, { a: 'x' })).toEqual({ a: 'x' });
    const values = { a: 1 };
    expect(mergeChartValues(values, undefined)).toBe(values);
  });
});

describe('checkChartValuesOverride', () => {
  test.each([
    ['a password', { adminPassword: 'hunter2' }, 'adminPassword'],
    ['a token nested in a list', { extraEnv: [{ name: 'X', apiToken: 'abc123' }] }, 'extraEnv.0.apiToken'],
    ['an API key', { datadog: { apiKey: 'd0g' } }, 'datadog.apiKey'],
    ["Grafana's secret_key", { 'grafana.ini': { security: { secret_key: 'sw0rdfish' } } }, 'grafana.ini.security.secret_key'],
    ['a numeric password', { db: { password: 12345 } }, 'db.password'],
  ])('refuses %s with its path and a pointer to Secret references, without the value', (_what, override, path) => {
    const error = expectValidationError(() => checkChartValuesOverride(override, 'stack/x'), 'stack/x', path, 'Secret', 'value not shown');
    expect(error.message).not.toMatch(/hunter2|abc123|d0g|sw0rdfish|12345/);
  });

  test.each([
    ['user:password in a URL', { remote: { url: 'https://bob:pw@example.com/push' } }],
    ['a token in a URL query', { webhook: 'https://hooks.example.com/x?token=s3cr3t' }],
    // The query parameters the Alertmanager receivers refuse (one list, lib/core/secret-reference.ts).
    ['an auth_token in a URL query', { webhook: 'https://hooks.example.com/x?team=a&auth_token=s3cr3t' }],
    ['an x-api-key in a URL query', { endpoint: 'https://api.example.com/v1?X-API-Key=s3cr3t' }],
  ])('refuses a URL with %s', (_what, override) => {
    const error = expectValidationError(() => checkChartValuesOverride(override, 'stack/x'), 'URL that carries a credential');
    expect(error.message).not.toContain('s3cr3t');
    expect(error.message).not.toContain('bob:pw');
  });

  test('accepts references to credentials: Secret names, keys in Secrets, files, env and Grafana file references', () => {
    const override = {
      admin: { existingSecret: 'grafana-admin', passwordKey: 'admin-password', userKey: 'admin-user' },
      auth: { passwordFile: '/etc/secrets/pw', tokenSecretName: 'tok', bearer_token_file: '/var/run/token' },
      env: [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'tokens', key: 'api' } } }],
      'grafana.ini': { auth: { client_secret: '$__file{/etc/secrets/oauth}' } },
      tokenEnabled: true,
      password: '${PASSWORD}',
    };
    expect(checkChartValuesOverride(override, 'stack/x')).toEqual(override);
  });

  test.each([
    ['not a map', ['a'], 'is not a map of chart values'],
    ['a function', { a: () => 1 }, 'which a values file cannot hold'],
    ['undefined', { a: undefined }, 'which a values file cannot hold'],
    ['NaN', { a: Number.NaN }, 'finite numbers'],
    ['an empty key', { '': 1 }, 'empty key'],
  ])('refuses %s', (_what, override, message) => {
    expectValidationError(() => checkChartValuesOverride(override, 'stack/x'), 'stack/x', message);
  });

  test('returns a copy: a later change to the caller\'s object changes nothing', () => {
    const override: Obj = { a: { b: 1 } };
    const checked = checkChartValuesOverride(override, 'x');
    override.a.b = 2;
    expect(checked).toEqual({ a: { b: 1 } });
  });

  test('lists each overridden leaf with its value, in key order', () => {
    expect(chartValuesOverridePaths({ z: 1, a: { c: ['x', 'y'], b: [{ k: 'v' }], e: {} } })).toEqual([
      ['a.b[0].k', '"v"'], ['a.c', '["x","y"]'], ['a.e', '{}'], ['z', '1'],
    ]);
  });
});

describe('createChartRelease with chartValues', () => {
  function release(chartValues: Obj | undefined, values: Obj = { a: { keep: 1, set: 'old' } }) {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    const namespace = new MonitoringNamespace(stack, 'namespace', { name: 'monitoring' });
    const r = createChartRelease(stack, 'release', { chart: Charts.alertmanager, releaseName: 'am', namespace, values: () => values, chartValues: chartValues as never });
    const json = JSON.parse(Testing.synth(stack));
    const text: string = json.resource.helm_release[stack.getLogicalId(r)].values[0];
    return { stack, text, values: parse(unescapeTerraformTemplate(text)) as Obj };
  }

  test('the override is merged last, on the one escaping path', () => {
    // GIVEN an override with Terraform template characters
    const { text, values } = release({ a: { set: 'new ${x} %{y}' }, b: [1, 2] });

    // THEN Helm receives the merged values, and Terraform sees the characters escaped
    expect(values).toEqual({ a: { keep: 1, set: 'new ${x} %{y}' }, b: [1, 2] });
    expect(text).toContain('$${x}');
    expect(text).toContain('%%{y}');
  });

  test('is deterministic: the same input twice gives the same text', () => {
    expect(release({ b: { y: 1, x: 2 } }).text).toBe(release({ b: { y: 1, x: 2 } }).text);
  });

  test('a credential is refused at construction with the construct path', () => {
    const error = refusal(() => release({ smtp: { auth_password: 'pw' } }));
    expect(error.message).toContain('stack: chartValues path "smtp.auth_password"');
  });

  test('summary.md and chart-values-overrides.json list each path and value; none are written without overrides', () => {
    const { stack } = release({ a: { set: 'new' }, podAnnotations: { 'example.com/x': 'y' } });
    const files = ReviewArtifacts.of(stack).render();
    expect(files.get('summary.md')).toContain('## Chart values overrides');
    expect(files.get('summary.md')).toContain('- am (`stack`, alertmanager 1.42.0):\n  - `a.set`: `"new"`\n  - `podAnnotations.example.com/x`: `"y"`');
    expect(files.get('summary.md')).toContain('- `chart-values-overrides.json`');
    expect(JSON.parse(files.get('chart-values-overrides.json')!)).toEqual({
      schema: 1,
      releases: [{ path: 'stack', release: 'am', chart: 'alertmanager 1.42.0', values: { 'a.set': '"new"', 'podAnnotations.example.com/x': '"y"' } }],
    });

    const plain = ReviewArtifacts.of(release(undefined).stack).render();
    expect([...plain.keys()]).not.toContain('chart-values-overrides.json');
    expect(plain.get('summary.md')).not.toContain('Chart values overrides');
  });

  test('the review diff has a section with each override added, changed and removed', () => {
    const before = ReviewArtifacts.of(release({ a: { set: 'one' }, gone: 1 }).stack).render();
    const after = ReviewArtifacts.of(release({ a: { set: 'two' }, fresh: true }).stack).render();
    const diff = diffStack(parseStackReview('stack', before), parseStackReview('stack', after));
    const section = diff.sections.find((s) => s.title === 'Chart values overrides');
    expect(section?.lines).toEqual([
      '- am (`stack`, alertmanager 1.42.0):',
      '  - `a.set`: `"one"` → `"two"`',
      '  - `fresh` set to `true`',
      '  - `gone` no longer overridden (was `1`)',
    ]);
    // and no such section when nothing changed
    const same = diffStack(parseStackReview('stack', after), parseStackReview('stack', after));
    expect(same.sections.map((s) => s.title)).not.toContain('Chart values overrides');
  });
});
