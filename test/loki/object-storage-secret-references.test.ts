import { LokiObjectStorage } from '../../lib/loki';
import { refusal } from '../support/refusal';

// Loki's object-storage Secret references go through the shared checkSecretName/checkSecretKey: the
// same rules and wording as every other component, for each store.

const WHERE = 'monitoring-test/loki';
const NAME_RULE = "is not a valid Kubernetes Secret name (at most 253 lowercase letters, digits, '-' and '.', each part between dots starting and ending with a letter or digit)";
const KEY_RULE = 'is not a valid Secret key (at most 253 letters, digits, \'-\', \'_\' and \'.\', not "." or "..")';

const s3 = (props: object) => LokiObjectStorage.s3({ bucketName: 'acme-logs', region: 'eu-west-1', credentialsSecret: 'loki-object-storage', ...props });
const gcs = (props: object) => LokiObjectStorage.gcs({ bucketName: 'acme-logs', serviceAccountKeySecret: 'loki-gcs', ...props });
const azure = (props: object) => LokiObjectStorage.azure({ accountName: 'acmelogs', containerName: 'logs', accountKeySecret: 'loki-azure', ...props });

describe('LokiObjectStorage Secret references', () => {
  test.each<[string, LokiObjectStorage, string, string]>([
    ['an S3 Secret name with two dots in a row', s3({ credentialsSecret: 'loki..s3' }), 'S3',
      `credentialsSecret "loki..s3" ${NAME_RULE}; name an existing Secret, e.g. credentialsSecret: "loki-object-storage".`],
    ['an S3 access key id key with a slash', s3({ accessKeyIdKey: 'aws/id' }), 'S3',
      `accessKeyIdKey "aws/id" ${KEY_RULE}; name a key of the Secret, e.g. accessKeyIdKey: "AWS_ACCESS_KEY_ID".`],
    ['an S3 secret access key key with a space', s3({ secretAccessKeyKey: 'aws secret' }), 'S3',
      `secretAccessKeyKey "aws secret" ${KEY_RULE}; name a key of the Secret, e.g. secretAccessKeyKey: "AWS_SECRET_ACCESS_KEY".`],
    ['a GCS Secret name with a dash before a dot', gcs({ serviceAccountKeySecret: 'loki-.gcs' }), 'GCS',
      `serviceAccountKeySecret "loki-.gcs" ${NAME_RULE}; name an existing Secret, e.g. serviceAccountKeySecret: "loki-object-storage".`],
    // The key names the mounted file (/etc/loki/gcs/<key>): ".." would point outside the mount.
    ['".." as the GCS key file', gcs({ serviceAccountKeyKey: '..' }), 'GCS',
      `serviceAccountKeyKey ".." ${KEY_RULE}; name a key of the Secret, e.g. serviceAccountKeyKey: "key.json".`],
    ['an Azure Secret name with a dot before a dash', azure({ accountKeySecret: 'loki.-azure' }), 'Azure',
      `accountKeySecret "loki.-azure" ${NAME_RULE}; name an existing Secret, e.g. accountKeySecret: "loki-object-storage".`],
    ['an Azure account key key with a colon', azure({ accountKeyKey: 'account:key' }), 'Azure',
      `accountKeyKey "account:key" ${KEY_RULE}; name a key of the Secret, e.g. accountKeyKey: "account-key".`],
  ])('refuses %s with the path, the value and the fix', (_, storage, kind, message) => {
    const error = refusal(() => storage.render(WHERE));
    expect(error.path).toBe(`${WHERE} objectStorage (${kind})`);
    expect(error.message).toBe(`${WHERE} objectStorage (${kind}): ${message}`);
  });

  test('accepts valid names and keys, and reads the credentials from them', () => {
    expect(s3({ credentialsSecret: 'loki.s3-keys', accessKeyIdKey: 'id', secretAccessKeyKey: 'secret.key' }).render(WHERE).env).toEqual([
      { envName: 'AWS_ACCESS_KEY_ID', secretName: 'loki.s3-keys', secretKey: 'id' },
      { envName: 'AWS_SECRET_ACCESS_KEY', secretName: 'loki.s3-keys', secretKey: 'secret.key' },
    ]);
    expect(gcs({ serviceAccountKeyKey: 'sa.json' }).render(WHERE).plainEnv).toEqual({ GOOGLE_APPLICATION_CREDENTIALS: '/etc/loki/gcs/sa.json' });
    expect(azure({}).render(WHERE).env).toEqual([{ envName: 'AZURE_ACCOUNT_KEY', secretName: 'loki-azure', secretKey: 'account-key' }]);
  });
});
