import { GcsBackend, S3Backend, TerraformStack } from 'cdktf';
import { BackendConfig } from '../environment/environment-config';

/** Configures the remote state backend of an environment; no backend config means local state. */
export function configureStateBackend(stack: TerraformStack, environment: string, backend?: BackendConfig): void {
  if (!backend) return;
  if (backend.type === 's3') {
    new S3Backend(stack, {
      bucket: backend.bucket,
      region: backend.region,
      key: backend.key ?? `monitoring/${environment}/terraform.tfstate`,
      dynamodbTable: backend.dynamodbTable,
      encrypt: true,
    });
  } else {
    new GcsBackend(stack, {
      bucket: backend.bucket,
      prefix: backend.prefix ?? `monitoring/${environment}`,
    });
  }
}
