import { KUBERNETES_NAME } from '../../lib/core/input-checks';

// Kubernetes' DNS-1123 subdomain rule (Secrets, ConfigMaps, IngressClasses, Deployments, DaemonSets).
describe('KUBERNETES_NAME: a DNS-1123 subdomain', () => {
  test.each(['a', '0', 'grafana-admin', 'a--b', 'tls.example.com', 'a.b-c.d', '0day-keys', 'a'.repeat(253), `${'a'.repeat(63)}.${'b'.repeat(189)}`])('accepts %p', (name) => {
    expect(KUBERNETES_NAME.test(name)).toBe(true);
  });

  test.each<[string, string]>([
    ['two dots in a row', 'a..b'],
    ['a dot then a dash', 'a.-b'],
    ['a dash then a dot', 'a-.b'],
    ['a leading dot', '.a'],
    ['a trailing dot', 'a.'],
    ['a leading dash', '-a'],
    ['a trailing dash', 'a-'],
    ['an uppercase letter', 'Grafana'],
    ['an underscore', 'a_b'],
    ['a space', 'a b'],
    ['a trailing newline', 'a\n'],
    ['254 characters', 'a'.repeat(254)],
    ['254 characters with dots', `${'a'.repeat(127)}.${'b'.repeat(126)}`],
    ['an empty string', ''],
  ])('refuses %s (%p)', (_, name) => {
    expect(KUBERNETES_NAME.test(name)).toBe(false);
  });
});
