import * as fs from 'fs';
import * as path from 'path';
import { exampleConfig, synthesizedStacks } from '../../../support/fixtures';
import { resourcesOf } from '../helpers';
import { gatewayReleaseValues } from '../../../support/terraform-json';
import { GATEWAY } from '../../../../model/contracts';

/** The example's InfraStack as synthesized: the gateway's AWS half. */
const synthesized = synthesizedStacks(exampleConfig);
const infra = JSON.parse(fs.readFileSync(path.join(synthesized.outdir, 'stacks', 'spillway-example-infra', 'cdk.tf.json'), 'utf8'));
const entries = (type: string) => Object.entries((infra.resource[type] ?? {}) as Record<string, any>);

describe('the gateway key-hash secret per region', () => {
  const secrets = resourcesOf(infra, 'aws_secretsmanager_secret');

  it('is one Secrets Manager secret per region, named from config, with no value managed by Terraform', () => {
    expect(secrets.map((secret) => secret.name).sort()).toEqual(['spillway/example/eu-west-1/gateway-api-keys', 'spillway/example/us-west-2/gateway-api-keys']);
    // No version resource: Terraform never holds (or overwrites) the hashes.
    expect(infra.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(JSON.stringify(infra)).not.toMatch(/secret_string/);
  });

  it('is encrypted with the region customer key and readable by the sync role only: GetSecretValue on this secret and Decrypt through Secrets Manager, bound to External Secrets Operator', () => {
    for (const region of ['us-west-2', 'eu-west-1']) {
      const [secretId] = entries('aws_secretsmanager_secret').find(([id]) => id.startsWith(`${region}-gateway-keys`))!;
      const [, policy] = entries('aws_iam_role_policy').find(([id]) => id.startsWith(`${region}-gateway-keys_sync-policy`))!;
      expect(JSON.parse(policy.policy).Statement).toEqual([
        { Sid: 'ReadGatewayKeyHashes', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: `\${aws_secretsmanager_secret.${secretId}.arn}` },
        {
          Sid: 'DecryptGatewayKeyHashes',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: expect.stringMatching(/^\$\{aws_kms_key_policy\.[^.]+\.key_id\}$/),
          Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
        },
      ]);
      const secret = entries('aws_secretsmanager_secret').find(([id]) => id === secretId)![1];
      expect(secret.kms_key_id).toBe(JSON.parse(policy.policy).Statement[1].Resource); // the region's customer key (SPW-SM-001)
      const [, association] = entries('aws_eks_pod_identity_association').find(([id]) => id.startsWith(`${region}-gateway-keys_sync-pod-identity`))!;
      expect([association.namespace, association.service_account]).toEqual(['external-secrets', 'external-secrets']);
    }
  });

  it('denies GetSecretValue to every principal but the sync role and the cluster admins, and blocks public policies', () => {
    const policies = resourcesOf(infra, 'aws_secretsmanager_secret_policy');
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.block_public_policy).toBe(true);
      const [statement] = JSON.parse(policy.policy).Statement;
      expect(statement).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue' });
      expect(statement.Condition.ArnNotEquals['aws:PrincipalArn']).toEqual([
        expect.stringMatching(/^\$\{aws_iam_role\.[a-z0-9-]+-gateway-keys_sync-role_[0-9A-F]+\.arn\}$/),
        ...exampleConfig.cluster.adminPrincipalArns,
      ]);
    }
  });
});

describe('the NLB with the gateway behind it', () => {
  it('health-checks the gateway health endpoint, which fails when no Triton pod is up', () => {
    const groups = resourcesOf(infra, 'aws_lb_target_group');
    expect(groups).toHaveLength(4);
    for (const group of groups) {
      expect(group.health_check).toMatchObject({ protocol: 'HTTP', path: GATEWAY.healthPath, port: String(GATEWAY.ports.health), matcher: '200' });
    }
  });

  it('opens the gateway ports and the health port from the NLB to the pods, and nothing for Triton directly', () => {
    const fromNlb = resourcesOf(infra, 'aws_vpc_security_group_ingress_rule').filter((rule) => /from the NLB/.test(rule.description));
    expect([...new Set(fromNlb.map((rule) => rule.from_port))].sort()).toEqual([GATEWAY.ports.http, GATEWAY.ports.grpc, GATEWAY.ports.health].sort());
    const egress = resourcesOf(infra, 'aws_vpc_security_group_egress_rule').filter((rule) => /^Targets and health checks/.test(rule.description));
    expect([...new Set(egress.map((rule) => rule.from_port))].sort()).toEqual([GATEWAY.ports.http, GATEWAY.ports.grpc, GATEWAY.ports.health].sort());
  });
});

describe('PROXY protocol between the NLB and the gateway', () => {
  // The example with its front door in the first region only: the second region's gateway has no NLB in front.
  const [served, unserved] = exampleConfig.regions.map((region) => region.name);
  const config = { ...exampleConfig, frontDoor: { ...exampleConfig.frontDoor!, regions: exampleConfig.frontDoor!.regions.filter((entry) => entry.name === served) } };
  const app = synthesizedStacks(config);
  const stackJson = (name: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  const haproxyCfg = (region: string): string => gatewayReleaseValues(stackJson(`spillway-example-workloads-${region}`)).files['haproxy.cfg'];
  const binds = (cfg: string) => cfg.split('\n').filter((line) => /^\s+bind /.test(line));

  it('is on for every target group of a front-door region, whose gateway accepts it on the inference and health binds', () => {
    const groups = resourcesOf(stackJson('spillway-example-infra'), 'aws_lb_target_group');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.proxy_protocol_v2).toBe(true);
    const cfg = haproxyCfg(served);
    const accepting = binds(cfg).filter((line) => line.includes(' accept-proxy'));
    expect(accepting.map((line) => Number(/:(\d+)/.exec(line)![1])).sort()).toEqual([GATEWAY.ports.http, GATEWAY.ports.grpc, GATEWAY.ports.health].sort());
  });

  it('is off in a region without a front door, where nothing would send the header', () => {
    expect(binds(haproxyCfg(unserved)).filter((line) => line.includes('accept-proxy'))).toEqual([]);
  });
});
