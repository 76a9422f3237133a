import { checkSecretKey, checkSecretName } from '../../lib/core/secret-reference';
import { refusal } from '../support/refusal';

const WHERE = 'monitoring-test/grafana';

describe('checkSecretName: the name of an existing Kubernetes Secret', () => {
  test.each(['grafana-admin', 'a', 'tls.example.com', '0day-keys', 'a'.repeat(253)])('accepts %p and returns it', (name) => {
    expect(checkSecretName(WHERE, 'adminSecret.secretName', name, 'grafana-admin')).toBe(name);
  });

  test.each<[string, unknown]>([
    ['uppercase and a space', 'Grafana Admin'],
    ['an underscore', 'grafana_admin'],
    ['a leading dash', '-grafana'],
    ['a trailing dot', 'grafana.'],
    ['two dots in a row', 'grafana..admin'],
    ['a dash next to a dot', 'grafana-.admin'],
    ['254 characters', 'a'.repeat(254)],
    ['an empty string', ''],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s with the path, the value and an example name', (_, name) => {
    const error = refusal(() => checkSecretName(WHERE, 'adminSecret.secretName', name, 'grafana-admin'));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(
      `${WHERE}: adminSecret.secretName ${JSON.stringify(name) ?? 'undefined'} is not a valid Kubernetes Secret name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit); name an existing Secret, e.g. adminSecret.secretName: "grafana-admin".`,
    );
  });

  test.each<[string, string, string]>([
    ['a webhook URL', 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX', '"https://hooks.slack.com/…"'],
    ['an API key', '0123456789abcdef0123456789abcdef', '"0123…" (32 characters)'],
    ['a password', 'Sup3rS3cretAdminPassw0rd2024', '"Sup3…" (28 characters)'],
  ])('refuses %s as a credential, never repeating it, and says to reference a Secret', (_, pasted, shown) => {
    const error = refusal(() => checkSecretName(WHERE, 'adminSecret.secretName', pasted, 'grafana-admin'));
    expect(error.path).toBe(WHERE);
    expect(error.message).toContain(`${WHERE}: adminSecret.secretName ${shown} looks like a credential`);
    expect(error.message).toContain('kubectl create secret generic grafana-admin');
    expect(error.message).toContain('adminSecret.secretName: "grafana-admin"');
    expect(error.message).not.toContain(pasted);
  });
});

describe('checkSecretKey: a key inside a Kubernetes Secret', () => {
  test.each(['password', 'ca.crt', 'admin_user', 'API-Key', '.dotfile', 'k'.repeat(253)])('accepts %p and returns it', (key) => {
    expect(checkSecretKey(WHERE, 'adminSecret.passwordKey', key, 'admin-password')).toBe(key);
  });

  test.each<[string, unknown, string]>([
    ['a space', 'admin password', '"admin password"'],
    ['a slash', 'admin/password', '"admin/password"'],
    ['"."', '.', '"."'],
    ['".."', '..', '".."'],
    ['254 characters', 'k'.repeat(254), JSON.stringify('k'.repeat(254))],
    ['an empty string', '', '""'],
    ['a number', 7, '7'],
    // '@' is a character no key has: shown shortened, as a pasted password would be.
    ['a pasted password', 'hunter2@Hunter2', '"hun…" (15 characters)'],
  ])('refuses %s with the path, the value and an example key', (_, key, shown) => {
    const error = refusal(() => checkSecretKey(WHERE, 'adminSecret.passwordKey', key, 'admin-password'));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(
      `${WHERE}: adminSecret.passwordKey ${shown} is not a valid Secret key (at most 253 letters, digits, '-', '_' and '.', not "." or ".."); name a key of the Secret, e.g. adminSecret.passwordKey: "admin-password".`,
    );
  });
});
