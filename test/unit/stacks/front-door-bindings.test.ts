import * as fs from 'fs';
import * as path from 'path';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';
import { LOAD_BALANCER_CONTROLLER_CHART } from '../../../constructs/front-door/aws-load-balancer-controller';
import { resourcesOf } from '../constructs/helpers';
import { exampleWithConfig } from '../../support/scenarios';
import { GATEWAY } from '../../../model/contracts';

/** The example app synthesized once; stacks read back from the outdir as Terraform JSON. */
const synthesized = synthesizedStacks(exampleConfig);
const stackJson = (name: string) => JSON.parse(fs.readFileSync(path.join(synthesized.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
const infra = stackJson('spillway-example-infra');
const workloads = stackJson('spillway-example-workloads-us-west-2');

describe('TargetGroupBinding in the workloads stack', () => {
  const manifests = resourcesOf(workloads, 'kubernetes_manifest').filter((resource) => resource.manifest.kind === 'TargetGroupBinding');

  it('binds the gateway Service ports (never Triton\'s) to one target group each, as ip targets, after the gateway release', () => {
    expect(manifests.map((resource) => resource.manifest.spec.serviceRef).sort((a, b) => a.port - b.port)).toEqual([
      { name: GATEWAY.releaseName, port: GATEWAY.ports.http },
      { name: GATEWAY.releaseName, port: GATEWAY.ports.grpc },
    ]);
    for (const resource of manifests) {
      expect(resource.manifest.apiVersion).toBe('elbv2.k8s.aws/v1beta1');
      expect(resource.manifest.spec.targetType).toBe('ip');
      expect(resource.manifest.metadata.namespace).toMatch(/kubernetes_namespace_v1\.inference_/);
      expect(resource.depends_on).toEqual([
        expect.stringMatching(/^helm_release\.aws-load-balancer-controller_release/),
        expect.stringMatching(/^helm_release\.gateway_release_/),
      ]);
    }
  });

  it('binds the Triton Service when the config has no gateway', () => {
    const withoutGateway = synthesizedStacks(exampleWithConfig((config) => delete config.gateway));
    const json = JSON.parse(fs.readFileSync(path.join(withoutGateway.outdir, 'stacks', 'spillway-example-workloads-us-west-2', 'cdk.tf.json'), 'utf8'));
    const bindings = resourcesOf(json, 'kubernetes_manifest').filter((resource) => resource.manifest.kind === 'TargetGroupBinding');
    expect(bindings.map((resource) => resource.manifest.spec.serviceRef.name)).toEqual(['triton-inference-server', 'triton-inference-server']);
  });

  it('reads each target group ARN from the infra stack through remote state', () => {
    const outputs = infra.output as Record<string, { value: string }>;
    for (const resource of manifests) {
      const reference = /^\$\{data\.terraform_remote_state\.([^.]+)\.outputs\.([^}]+)\}$/.exec(resource.manifest.spec.targetGroupARN);
      expect(reference).not.toBeNull();
      const [, remoteState, outputName] = reference!;
      expect(workloads.data.terraform_remote_state[remoteState]).toBeDefined();
      const port = resource.manifest.spec.serviceRef.port === GATEWAY.ports.http ? 'http' : 'grpc';
      expect(outputs[outputName].value).toMatch(new RegExp(`^\\$\\{aws_lb_target_group\\.us-west-2-load-balancer_${port}-targets_[0-9A-F]+\\.arn\\}$`));
    }
  });

  it('installs the pinned AWS Load Balancer Controller with the cluster, region and VPC', () => {
    const [release] = resourcesOf(workloads, 'helm_release').filter((resource) => resource.chart === 'aws-load-balancer-controller');
    expect(release).toMatchObject({
      repository: LOAD_BALANCER_CONTROLLER_CHART.repository,
      version: LOAD_BALANCER_CONTROLLER_CHART.version,
      namespace: 'kube-system',
    });
    expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    const values = JSON.parse(release.values[0]);
    expect(values.clusterName).toMatch(/spillway-example-us-west-2|terraform_remote_state/);
    expect(values.region).toBe('us-west-2');
    expect(values.vpcId).toMatch(/terraform_remote_state/);
    expect(values.serviceAccount).toEqual({ create: true, name: 'aws-load-balancer-controller' });
  });
});

describe('front door in the infra stack', () => {
  it('binds the controller service account to its role through Pod Identity in each front-door region', () => {
    const associations = resourcesOf(infra, 'aws_eks_pod_identity_association').filter(
      (resource) => resource.service_account === 'aws-load-balancer-controller',
    );
    expect(associations.map((resource) => resource.namespace)).toEqual(['kube-system', 'kube-system']);
  });

  it('scopes the controller policy with the elbv2.k8s.aws/cluster tag and to the region', () => {
    const policies = Object.entries(infra.resource.aws_iam_role_policy as Record<string, any>).filter(([id]) => id.includes('lb-controller-role'));
    const usPolicy = JSON.parse(policies.find(([id]) => id.startsWith('us-west-2'))![1].policy);
    const conditioned = usPolicy.Statement.filter((statement: any) => JSON.stringify(statement.Condition ?? {}).includes('elbv2.k8s.aws/cluster'));
    expect(conditioned.length).toBeGreaterThanOrEqual(6);
    const register = usPolicy.Statement.find((statement: any) => statement.Sid === 'RegisterTargets');
    expect(register.Resource).toBe('arn:aws:elasticloadbalancing:us-west-2:*:targetgroup/*/*');
    expect(JSON.stringify(usPolicy)).not.toContain('elasticloadbalancing:*:');
  });

  it('attaches a CLOUDFRONT web ACL from the us-east-1 provider to the distribution', () => {
    const [aclId, acl] = Object.entries(infra.resource.aws_wafv2_web_acl as Record<string, any>)[0];
    const distribution = resourcesOf(infra, 'aws_cloudfront_distribution')[0];
    expect(distribution.web_acl_id).toBe(`\${aws_wafv2_web_acl.${aclId}.arn}`);
    expect(acl.scope).toBe('CLOUDFRONT');
    expect(acl.provider).toBe('aws.global');
    const global = (infra.provider.aws as any[]).find((provider) => provider.alias === 'global');
    expect(global.region).toBe('us-east-1');
    const rate = acl.rule.find((rule: any) => rule.name === 'rate-limit-per-ip');
    expect(rate.statement.rate_based_statement.limit).toBe(2000);
  });

  it('puts each region NLB in its own endpoint group with the configured dial and weight', () => {
    const groups = resourcesOf(infra, 'aws_globalaccelerator_endpoint_group');
    const lbs = infra.resource.aws_lb as Record<string, any>;
    for (const region of ['us-west-2', 'eu-west-1']) {
      const mine = groups.filter((group) => group.endpoint_group_region === region);
      expect(mine).toHaveLength(2);
      const lbId = Object.keys(lbs).find((id) => id.startsWith(`${region}-load-balancer`));
      for (const group of mine) {
        expect(group.traffic_dial_percentage).toBe(100);
        expect(group.endpoint_configuration[0]).toEqual({ endpoint_id: `\${aws_lb.${lbId}.arn}`, weight: 128, client_ip_preservation_enabled: true });
      }
    }
  });
});
