import { TerraformStack, Testing } from 'cdktf';
import { Jaeger, JaegerProps, JaegerStorage } from '../../lib/jaeger';
import { refusal } from '../support/refusal';

// Jaeger's Secret references (storage credentials, the ingress TLS Secret) go through the shared
// checkSecretName/checkSecretKey: the same rules and wording as every other component.

const WHERE = 'monitoring-test/jaeger';
const NAME_RULE = "is not a valid Kubernetes Secret name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit)";
const KEY_RULE = 'is not a valid Secret key (at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." or "..")';

function build(props: Partial<JaegerProps>): Jaeger {
  return new Jaeger(new TerraformStack(Testing.app(), 'monitoring-test'), 'jaeger', { namespace: 'monitoring', ...props });
}

const elasticsearch = (credentials: object) => JaegerStorage.elasticsearch({ urls: ['https://es.example.com:9200'], credentials: credentials as never });

describe('Jaeger Secret references', () => {
  test.each<[string, Partial<JaegerProps>, string]>([
    ['a Secret name with two dots in a row', { storage: elasticsearch({ secretName: 'jaeger..es' }) },
      `credentials.secretName "jaeger..es" ${NAME_RULE}; name an existing Secret, e.g. credentials.secretName: "jaeger-elasticsearch".`],
    ['a Secret name with a dash before a dot (Cassandra: its own example)', { storage: JaegerStorage.cassandra({ servers: ['cassandra.db.svc'], credentials: { secretName: 'jaeger-.cassandra' } }) },
      `credentials.secretName "jaeger-.cassandra" ${NAME_RULE}; name an existing Secret, e.g. credentials.secretName: "jaeger-cassandra".`],
    ['no Secret name', { storage: elasticsearch({}) },
      `credentials.secretName undefined ${NAME_RULE}; name an existing Secret, e.g. credentials.secretName: "jaeger-elasticsearch".`],
    ['a user name key with a space', { storage: elasticsearch({ secretName: 'jaeger-es', usernameKey: 'user name' }) },
      `credentials.usernameKey "user name" ${KEY_RULE}; name a key of the Secret, e.g. credentials.usernameKey: "username".`],
    ['".." as the password key', { storage: JaegerStorage.opensearch({ urls: ['https://os.example.com:9200'], credentials: { secretName: 'jaeger-os', passwordKey: '..' } }) },
      `credentials.passwordKey ".." ${KEY_RULE}; name a key of the Secret, e.g. credentials.passwordKey: "password".`],
    ['a TLS Secret name with a dot before a dash', { ingress: { host: 'jaeger.example.com', tlsSecretName: 'jaeger.-tls' } },
      `ingress.tlsSecretName "jaeger.-tls" ${NAME_RULE}; name an existing Secret, e.g. ingress.tlsSecretName: "jaeger-tls".`],
  ])('refuses %s with the construct path, the value and the fix', (_, props, message) => {
    const error = refusal(() => build(props));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(`${WHERE}: ${message}`);
  });

  test('refuses an IngressClass name with two dots in a row (a Kubernetes object name, not a Secret)', () => {
    const error = refusal(() => build({ ingress: { host: 'jaeger.example.com', ingressClassName: 'nginx..internal' } }));
    expect(error.path).toBe(WHERE);
    expect(error.message).toBe(
      `${WHERE}: ingress.ingressClassName "nginx..internal" is not a valid IngressClass name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit); name an existing IngressClass, e.g. ingress.ingressClassName: "nginx".`,
    );
  });

  test('accepts valid names and keys, and reads the credentials from them', () => {
    const jaeger = build({
      storage: elasticsearch({ secretName: 'jaeger.es-credentials', usernameKey: 'ES_USER', passwordKey: 'es.password' }),
      ingress: { host: 'jaeger.example.com', ingressClassName: 'nginx.internal', tlsSecretName: 'tls.jaeger.example.com' },
    });
    expect(jaeger).toBeInstanceOf(Jaeger);
    expect(elasticsearch({ secretName: 'jaeger.es-credentials', usernameKey: 'ES_USER', passwordKey: 'es.password' }).secretEnv()).toEqual([
      { name: 'ES_USERNAME', valueFrom: { secretKeyRef: { name: 'jaeger.es-credentials', key: 'ES_USER' } } },
      { name: 'ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'jaeger.es-credentials', key: 'es.password' } } },
    ]);
  });
});
