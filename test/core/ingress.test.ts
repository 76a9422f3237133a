import { checkIngressOptions, ingressChartValues, ingressTls, IngressCheckOptions, IngressOptions } from '../../lib/core/ingress';
import { refusal } from '../support/refusal';

// The checks every component's Ingress prop goes through (Grafana, Jaeger): each refusal names the
// construct path, the bad value and the fix.

const WHERE = 'stack/component';
const SINGLE_HOST: IngressCheckOptions = { exampleHost: 'ui.example.com', exampleTlsSecret: 'ui-tls', wildcardHost: false };
const WILDCARD_ALLOWED: IngressCheckOptions = { ...SINGLE_HOST, wildcardHost: true };
const CLASS_RULE = "is not a valid IngressClass name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit)";
const KEY_FIX = "an annotation key is up to 63 letters, digits, '-', '_' and '.', alphanumeric at both ends, optionally after a DNS prefix and '/' (e.g. \"cert-manager.io/cluster-issuer\")";

function check(ingress: unknown, options = SINGLE_HOST): IngressOptions {
  return checkIngressOptions(WHERE, 'ingress', ingress as IngressOptions, options);
}

describe('checkIngressOptions', () => {
  test('accepts a full Ingress and returns it unchanged', () => {
    const ingress = {
      host: 'ui.example.com',
      tlsSecretName: 'ui-tls',
      ingressClassName: 'nginx.internal',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt', 'Example.COM/Team_Name.v1': 'x', simple: '' },
    };
    expect(check(ingress)).toBe(ingress);
  });

  test('accepts a host of 253 characters and an annotation name of 63', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(host).toHaveLength(253);
    expect(check({ host, annotations: { [`example.com/${'n'.repeat(63)}`]: 'v' } }).host).toBe(host);
  });

  test('accepts a wildcard host only when the component allows one', () => {
    expect(check({ host: '*.example.com' }, WILDCARD_ALLOWED).host).toBe('*.example.com');
    const error = refusal(() => check({ host: '*.example.com' }));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(`${WHERE}: ingress.host "*.example.com" is a wildcard host, which this Ingress cannot serve; name one host, e.g. "ui.example.com".`);
  });

  test.each<[string, unknown, string]>([
    ['no object', 'ui.example.com', 'ingress "ui.example.com" is not an object; write e.g. ingress: { host: "ui.example.com" }.'],
    ['null', null, 'ingress null is not an object; write e.g. ingress: { host: "ui.example.com" }.'],
    ['a host with a scheme', { host: 'https://ui.example.com' }, 'ingress.host "https://ui.example.com" is not a DNS host name; write e.g. "ui.example.com" (lowercase, no scheme, no path, no port).'],
    ['a host with a port', { host: 'ui.example.com:443' }, 'ingress.host "ui.example.com:443" is not a DNS host name; write e.g. "ui.example.com" (lowercase, no scheme, no path, no port).'],
    ['an upper-case host', { host: 'UI.example.com' }, 'ingress.host "UI.example.com" is not a DNS host name; write e.g. "ui.example.com" (lowercase, no scheme, no path, no port).'],
    ['a host of one label', { host: 'localhost' }, 'ingress.host "localhost" is not a DNS host name; write e.g. "ui.example.com" (lowercase, no scheme, no path, no port).'],
    ['no host', {}, 'ingress.host undefined is not a DNS host name; write e.g. "ui.example.com" (lowercase, no scheme, no path, no port).'],
    ['a host of 254 characters', { host: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}` }, 'is not a DNS host name; write e.g. "ui.example.com"'],
    ['a TLS Secret name with a space', { host: 'ui.example.com', tlsSecretName: 'UI TLS' },
      `ingress.tlsSecretName "UI TLS" is not a valid Kubernetes Secret name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit); name an existing Secret, e.g. ingress.tlsSecretName: "ui-tls".`],
    ['an IngressClass name with two dots', { host: 'ui.example.com', ingressClassName: 'nginx..internal' },
      `ingress.ingressClassName "nginx..internal" ${CLASS_RULE}; name an existing IngressClass, e.g. ingress.ingressClassName: "nginx".`],
    ['an upper-case IngressClass name', { host: 'ui.example.com', ingressClassName: 'Nginx' },
      `ingress.ingressClassName "Nginx" ${CLASS_RULE}; name an existing IngressClass, e.g. ingress.ingressClassName: "nginx".`],
    ['an IngressClass name that is no string', { host: 'ui.example.com', ingressClassName: 42 },
      `ingress.ingressClassName 42 ${CLASS_RULE}; name an existing IngressClass, e.g. ingress.ingressClassName: "nginx".`],
    ['annotations as a list', { host: 'ui.example.com', annotations: ['a=b'] },
      'ingress.annotations ["a=b"] is not a map of names to strings; write e.g. ingress.annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" }.'],
    ['an annotation value that is no string', { host: 'ui.example.com', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': 8 } },
      'ingress.annotations.nginx.ingress.kubernetes.io/proxy-body-size 8 is not a string; quote it (e.g. "8").'],
    ['an annotation key with a space', { host: 'ui.example.com', annotations: { 'proxy body size': '8m' } },
      `ingress.annotations key "proxy body size" is not a Kubernetes annotation key; ${KEY_FIX}.`],
    ['an annotation key with two slashes', { host: 'ui.example.com', annotations: { 'example.com/a/b': 'x' } },
      `ingress.annotations key "example.com/a/b" is not a Kubernetes annotation key; ${KEY_FIX}.`],
    ['an annotation key with an empty prefix', { host: 'ui.example.com', annotations: { '/name': 'x' } },
      `ingress.annotations key "/name" is not a Kubernetes annotation key; ${KEY_FIX}.`],
    ['an annotation key with a bad prefix', { host: 'ui.example.com', annotations: { 'example_com/name': 'x' } },
      `ingress.annotations key "example_com/name" is not a Kubernetes annotation key; ${KEY_FIX}.`],
    ['an annotation name ending in a dash', { host: 'ui.example.com', annotations: { 'example.com/name-': 'x' } },
      `ingress.annotations key "example.com/name-" is not a Kubernetes annotation key; ${KEY_FIX}.`],
    ['an annotation name of 64 characters', { host: 'ui.example.com', annotations: { [`example.com/${'n'.repeat(64)}`]: 'x' } },
      `ingress.annotations key "example.com/${'n'.repeat(64)}" is not a Kubernetes annotation key; ${KEY_FIX}.`],
  ])('refuses %s with the path, the value and the fix', (_, ingress, message) => {
    const error = refusal(() => check(ingress));
    expect(error.path).toBe(WHERE);
    expect(error.message).toContain(`${WHERE}: `);
    expect(error.message).toContain(message);
  });

  test('refuses a malformed wildcard where wildcards are allowed, showing both forms', () => {
    for (const host of ['*.com', '*example.com', 'ui.*.example.com', '*.*.example.com']) {
      const error = refusal(() => check({ host }, WILDCARD_ALLOWED));
      expect(error.path).toBe(WHERE);
      expect(error.message).toBe(`${WHERE}: ingress.host ${JSON.stringify(host)} is not a DNS host name; write e.g. "ui.example.com" or "*.example.com" (lowercase, no scheme, no path, no port).`);
    }
  });
});

describe('ingress chart values', () => {
  test('list enabled, the class when set, annotations and hosts, in that order', () => {
    const values = ingressChartValues({ host: 'ui.example.com', ingressClassName: 'nginx', annotations: { a: 'b' } });
    expect(values).toEqual({ enabled: true, ingressClassName: 'nginx', annotations: { a: 'b' }, hosts: ['ui.example.com'] });
    expect(Object.keys(values)).toEqual(['enabled', 'ingressClassName', 'annotations', 'hosts']);
  });

  test('leave the class out when unset and copy the annotations', () => {
    const annotations = { a: 'b' };
    const values = ingressChartValues({ host: 'ui.example.com', annotations });
    expect(Object.keys(values)).toEqual(['enabled', 'annotations', 'hosts']);
    expect(values.annotations).toEqual(annotations);
    expect(values.annotations).not.toBe(annotations);
    expect(ingressChartValues({ host: 'ui.example.com' }).annotations).toEqual({});
  });

  test('TLS: the host with the Secret, or nothing', () => {
    expect(ingressTls({ host: 'ui.example.com', tlsSecretName: 'ui-tls' })).toEqual([{ secretName: 'ui-tls', hosts: ['ui.example.com'] }]);
    expect(ingressTls({ host: 'ui.example.com' })).toEqual([]);
  });
});
