import { Construct } from 'constructs';
import { Fn, ITerraformDependable, TerraformProvider } from 'cdktf';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';

export interface GeneratedSecretProps {
  /** Kubernetes provider of the cluster the Secret is written to. */
  readonly provider: TerraformProvider;
  /** Secret name (`metadata.name`), also exposed as `name` for the workload that mounts it. */
  readonly name: string;
  /** Namespace of the Secret; operators need RBAC there to read the value. */
  readonly namespace: string;
  /** Key that receives the generated random value. */
  readonly randomKey: string;
  /** Further non-secret entries, e.g. a user name. @default none */
  readonly fixedData?: Readonly<Record<string, string>>;
  /** Bump to generate (and write) a new value: the rotation switch. @default 1 */
  readonly revision?: number;
  /** What must exist before the Secret is written, e.g. its namespace. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Kubernetes Secret whose value nobody chose and Terraform never stores: the value is two `uuid()`s (244
 * random bits from Terraform's crypto/rand), written through the write-only `data_wo` attribute (Terraform
 * >= 1.11), so it is in neither config, code, plan nor state. It is written once on create and again only when
 * `revision` changes. Operators read it from the cluster (`kubectl get secret`), which needs RBAC on the namespace.
 */
export class GeneratedSecret extends Construct {
  readonly name: string;
  readonly secret: SecretV1;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.secret = new SecretV1(this, 'secret', {
      provider: props.provider,
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/part-of': 'spillway', 'app.kubernetes.io/managed-by': 'terraform' },
      },
      type: 'Opaque',
      dataWo: { ...props.fixedData, [props.randomKey]: Fn.replace(`${Fn.uuid()}${Fn.uuid()}`, '-', '') },
      dataWoRevision: props.revision ?? 1,
      dependsOn: props.dependsOn,
    });
    this.name = props.name;
  }
}
