import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { FleetConfig } from '../config/schema';

/**
 * Gives a stack the configured state backend. Local state paths are written as `../<stack>/...` so the
 * same string resolves to the stack's own file from its directory and from any stack that reads its
 * outputs (cdktf cross-stack references), without an absolute path of this machine in the snapshot.
 */
export function configureBackend(stack: TerraformStack, stackName: string, backend: FleetConfig['stateBackend']): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: `../${stackName}/terraform.${stackName}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackName}.tfstate`,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyArn,
  });
  // S3-native locking (Terraform >= 1.10); cdktf 0.21's typed S3Backend predates the option.
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
