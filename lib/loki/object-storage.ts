import { ValidationError, show } from '../core/validation-error';
import { checkSecretKey, checkSecretName, showUrl } from '../core/secret-reference';

/** A key of an existing Kubernetes Secret, exposed to Loki as an environment variable. */
export interface SecretEnv {
  /** Name of the environment variable in the Loki pods. */
  readonly envName: string;
  /** Name of the existing Secret. */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly secretKey: string;
}

/** What an object store contributes to the chart values. */
export interface ObjectStorageConfig {
  /** `loki.storage.type` and the object_store of the schema and the compactor's delete requests. */
  readonly type: 's3' | 'gcs' | 'azure';
  /** The bucket (or Azure container) for chunks and index. */
  readonly bucketName: string;
  /** `loki.storage.<type>` values. */
  readonly storage: Record<string, unknown>;
  /** Environment variables from Secrets, referenced in `storage` as `${NAME}` (Loki runs with -config.expand-env). */
  readonly env: ReadonlyArray<SecretEnv>;
  /** Secret volumes mounted read-only into every Loki pod. */
  readonly secretMounts: ReadonlyArray<{ readonly secretName: string; readonly mountPath: string }>;
  /** Plain (non-secret) environment variables, e.g. the path of a mounted key file. */
  readonly plainEnv: Readonly<Record<string, string>>;
  /** Annotations for Loki's ServiceAccount (workload identity). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
}

/** S3 (or S3-compatible) storage. Credentials: an existing Secret, or an IAM role (IRSA). */
export interface S3StorageProps {
  /** Bucket for chunks and index. */
  readonly bucketName: string;
  /** AWS region of the bucket, e.g. `eu-west-1`. */
  readonly region: string;
  /** Endpoint of an S3-compatible store (MinIO, Ceph). @default AWS S3 of the region */
  readonly endpoint?: string;
  /** Path-style addressing (MinIO). @default false */
  readonly forcePathStyle?: boolean;
  /**
   * Name of an existing Secret with the access key, read into env vars. Give this or `iamRoleArn`.
   * @default none
   */
  readonly credentialsSecret?: string;
  /** Key of the access key id in the Secret. @default 'AWS_ACCESS_KEY_ID' */
  readonly accessKeyIdKey?: string;
  /** Key of the secret access key in the Secret. @default 'AWS_SECRET_ACCESS_KEY' */
  readonly secretAccessKeyKey?: string;
  /** IAM role for Loki's ServiceAccount (EKS IRSA), instead of keys. @default none */
  readonly iamRoleArn?: string;
}

/** Google Cloud Storage. Credentials: a Secret with a service-account key file, or Workload Identity. */
export interface GcsStorageProps {
  /** Bucket for chunks and index. */
  readonly bucketName: string;
  /** Existing Secret holding the service-account JSON key. Give this or `workloadIdentityServiceAccount`. @default none */
  readonly serviceAccountKeySecret?: string;
  /** Key of the JSON file in the Secret. @default 'key.json' */
  readonly serviceAccountKeyKey?: string;
  /** GCP service account bound to Loki's ServiceAccount (GKE Workload Identity). @default none */
  readonly workloadIdentityServiceAccount?: string;
}

/** Azure Blob Storage. Credentials: an existing Secret with the account key, or a managed identity. */
export interface AzureStorageProps {
  /** Azure storage account name (3-24 lowercase letters and digits). */
  readonly accountName: string;
  /** Blob container for chunks and index. */
  readonly containerName: string;
  /** Existing Secret holding the account key. Give this or `useManagedIdentity`. @default none */
  readonly accountKeySecret?: string;
  /** Key of the account key in the Secret. @default 'account-key' */
  readonly accountKeyKey?: string;
  /** Use the pod's managed identity. @default false */
  readonly useManagedIdentity?: boolean;
}

/** The Secret name that messages show as an example, for every store. */
const SECRET_EXAMPLE = 'loki-object-storage';

/**
 * Object storage for Loki's chunks and index. Credentials never appear in values: they are keys of
 * existing Secrets (read into env vars and expanded by Loki) or cloud workload identities.
 */
export class LokiObjectStorage {
  /** S3 or an S3-compatible store (MinIO, Ceph), with keys from an existing Secret or an IAM role. */
  public static s3(props: S3StorageProps): LokiObjectStorage {
    return new LokiObjectStorage('S3', (where): ObjectStorageConfig => {
      bucket(props.bucketName, where);
      if (typeof props.region !== 'string' || !/^[a-z0-9-]+$/.test(props.region)) {
        throw new ValidationError(where, `region ${show(props.region)} is not an AWS region name such as "eu-west-1".`);
      }
      if (props.endpoint !== undefined && !/^https?:\/\/[^\s/@]+(\/.*)?$/.test(props.endpoint)) {
        throw new ValidationError(where, `endpoint ${showUrl(props.endpoint)} is not an http(s) URL without credentials, e.g. "https://minio.storage.svc:9000".`);
      }
      exactlyOne(where, 'credentialsSecret', props.credentialsSecret, 'iamRoleArn', props.iamRoleArn);
      const env: SecretEnv[] = [];
      const storage: Record<string, unknown> = { region: props.region, s3ForcePathStyle: props.forcePathStyle ?? false };
      if (props.endpoint) storage.endpoint = props.endpoint;
      if (props.credentialsSecret !== undefined) {
        checkSecretName(where, 'credentialsSecret', props.credentialsSecret, SECRET_EXAMPLE);
        env.push(
          { envName: 'AWS_ACCESS_KEY_ID', secretName: props.credentialsSecret, secretKey: checkSecretKey(where, 'accessKeyIdKey', props.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID') },
          { envName: 'AWS_SECRET_ACCESS_KEY', secretName: props.credentialsSecret, secretKey: checkSecretKey(where, 'secretAccessKeyKey', props.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY') },
        );
        storage.accessKeyId = '${AWS_ACCESS_KEY_ID}';
        storage.secretAccessKey = '${AWS_SECRET_ACCESS_KEY}';
      } else if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(props.iamRoleArn!)) {
        throw new ValidationError(where, `iamRoleArn ${show(props.iamRoleArn)} is not an IAM role ARN such as "arn:aws:iam::123456789012:role/loki".`);
      }
      return {
        type: 's3', bucketName: props.bucketName, storage, env, secretMounts: [], plainEnv: {},
        serviceAccountAnnotations: props.iamRoleArn ? { 'eks.amazonaws.com/role-arn': props.iamRoleArn } : {},
      };
    });
  }

  /** Google Cloud Storage, with a service-account key from an existing Secret or Workload Identity. */
  public static gcs(props: GcsStorageProps): LokiObjectStorage {
    return new LokiObjectStorage('GCS', (where): ObjectStorageConfig => {
      bucket(props.bucketName, where);
      exactlyOne(where, 'serviceAccountKeySecret', props.serviceAccountKeySecret, 'workloadIdentityServiceAccount', props.workloadIdentityServiceAccount);
      if (props.serviceAccountKeySecret !== undefined) {
        checkSecretName(where, 'serviceAccountKeySecret', props.serviceAccountKeySecret, SECRET_EXAMPLE);
        const file = checkSecretKey(where, 'serviceAccountKeyKey', props.serviceAccountKeyKey ?? 'key.json', 'key.json');
        return {
          type: 'gcs', bucketName: props.bucketName, storage: {},
          env: [], secretMounts: [{ secretName: props.serviceAccountKeySecret, mountPath: '/etc/loki/gcs' }],
          // Google's client libraries read the key file named by GOOGLE_APPLICATION_CREDENTIALS.
          plainEnv: { GOOGLE_APPLICATION_CREDENTIALS: `/etc/loki/gcs/${file}` },
          serviceAccountAnnotations: {},
        };
      }
      if (!/^[a-z][-a-z0-9]*@[-a-z0-9]+\.iam\.gserviceaccount\.com$/.test(props.workloadIdentityServiceAccount!)) {
        throw new ValidationError(where, `workloadIdentityServiceAccount ${show(props.workloadIdentityServiceAccount)} is not a GCP service account e-mail such as "loki@project.iam.gserviceaccount.com".`);
      }
      return {
        type: 'gcs', bucketName: props.bucketName, storage: {}, env: [], secretMounts: [], plainEnv: {},
        serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': props.workloadIdentityServiceAccount! },
      };
    });
  }

  /** Azure Blob Storage, with the account key from an existing Secret or a managed identity. */
  public static azure(props: AzureStorageProps): LokiObjectStorage {
    return new LokiObjectStorage('Azure', (where): ObjectStorageConfig => {
      if (typeof props.accountName !== 'string' || !/^[a-z0-9]{3,24}$/.test(props.accountName)) {
        throw new ValidationError(where, `accountName ${show(props.accountName)} is not an Azure storage account name (3-24 lowercase letters and digits).`);
      }
      bucket(props.containerName, where);
      exactlyOne(where, 'accountKeySecret', props.accountKeySecret, 'useManagedIdentity', props.useManagedIdentity ? true : undefined);
      const storage: Record<string, unknown> = { accountName: props.accountName, useManagedIdentity: props.useManagedIdentity ?? false };
      const env: SecretEnv[] = [];
      if (props.accountKeySecret !== undefined) {
        checkSecretName(where, 'accountKeySecret', props.accountKeySecret, SECRET_EXAMPLE);
        env.push({ envName: 'AZURE_ACCOUNT_KEY', secretName: props.accountKeySecret, secretKey: checkSecretKey(where, 'accountKeyKey', props.accountKeyKey ?? 'account-key', 'account-key') });
        storage.accountKey = '${AZURE_ACCOUNT_KEY}';
      }
      return { type: 'azure', bucketName: props.containerName, storage, env, secretMounts: [], plainEnv: {}, serviceAccountAnnotations: {} };
    });
  }

  private constructor(
    /** Human name of the store, for messages and the review summary. */
    public readonly kind: string,
    private readonly build: (where: string) => ObjectStorageConfig,
  ) {}

  /** Validates and renders; `where` is the construct path for messages. */
  public render(where: string): ObjectStorageConfig {
    return this.build(`${where} objectStorage (${this.kind})`);
  }
}

function bucket(name: unknown, where: string): void {
  if (typeof name !== 'string' || !/^[a-z0-9][-a-z0-9._]{1,221}[a-z0-9]$/.test(name)) {
    throw new ValidationError(where, `bucket ${show(name)} is not a bucket/container name (3-63 lowercase letters, digits, '-', '.').`);
  }
}

function exactlyOne(where: string, aName: string, a: unknown, bName: string, b: unknown): void {
  if ((a === undefined) === (b === undefined)) {
    throw new ValidationError(where, `give exactly one of ${aName} or ${bName} (got ${a === undefined ? 'neither' : 'both'}); credentials come from an existing Secret or a workload identity, never from values.`);
  }
}
