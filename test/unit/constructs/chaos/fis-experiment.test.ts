import { FisExperiment, FisExperimentSpec } from '../../../../constructs/chaos/fis-experiment';
import { nodeTerminationSpec, podDeleteSpec, spotInterruptionSpec, zoneLossSpec } from '../../../../constructs/chaos/experiment-specs';
import { ExperimentLogGroup } from '../../../../constructs/chaos/experiment-log-group';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const REGION = 'us-west-2';
const CLUSTER = 'spillway-test-us-west-2';
const ALARMS = ['arn:aws:cloudwatch:us-west-2:111122223333:alarm:healthy', 'arn:aws:cloudwatch:us-west-2:111122223333:alarm:resets'];

const specs: Record<string, FisExperimentSpec> = {
  spot: spotInterruptionSpec({ region: REGION, clusterName: CLUSTER, sharePercent: 40, interruptionNotice: 'PT2M', observeFor: 'PT15M' }),
  node: nodeTerminationSpec({
    region: REGION,
    clusterName: CLUSTER,
    nodeGroups: [{ name: 'baseline', arn: 'arn:aws:eks:us-west-2:111122223333:nodegroup/spillway-test-us-west-2/baseline/abc' }],
    sharePercent: 50,
    observeFor: 'PT15M',
  }),
  zone: zoneLossSpec({
    region: REGION,
    clusterName: CLUSTER,
    zone: 'us-west-2a',
    subnetArn: 'arn:aws:ec2:us-west-2:111122223333:subnet/subnet-a',
    vpcId: 'vpc-1',
    duration: 'PT10M',
  }),
  pod: podDeleteSpec({
    region: REGION,
    clusterName: CLUSTER,
    clusterArn: 'arn:aws:eks:us-west-2:111122223333:cluster/spillway-test-us-west-2',
    namespace: 'inference',
    deploymentName: 'triton-inference-server',
    serviceAccount: 'fis-pod-delete',
    kubernetesUser: 'fis-experiment',
    sharePercent: 25,
    observeFor: 'PT10M',
  }),
};

function synthExperiment(spec: FisExperimentSpec, stopConditionAlarmArns: readonly string[] = ALARMS): any {
  return synthWithAws((scope, provider) => {
    const logs = new ExperimentLogGroup(scope, 'logs', { provider, namePrefix: CLUSTER, retentionDays: 90, kmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/k' });
    new FisExperiment(scope, 'experiment', {
      provider,
      region: REGION,
      accountId: '111122223333',
      namePrefix: CLUSTER,
      clusterName: CLUSTER,
      spec,
      stopConditionAlarmArns,
      logGroupArn: logs.fisLogGroupArn,
    });
  });
}

const parameters = (action: any) => Object.fromEntries((action.parameter ?? []).map((entry: any) => [entry.key, entry.value]));
const inlinePolicy = (synth: any) => JSON.parse(onlyResource(synth, 'aws_iam_role').inline_policy[0].policy);

describe.each(Object.entries(specs))('FisExperiment %s', (shortName, spec) => {
  const synth = synthExperiment(spec);
  const template = onlyResource(synth, 'aws_fis_experiment_template');

  it('is stopped by every given alarm, logs to the encrypted group and fails on empty targets', () => {
    expect(template.stop_condition).toEqual(ALARMS.map((value) => ({ source: 'aws:cloudwatch:alarm', value })));
    expect(template.log_configuration).toEqual({
      log_schema_version: 2,
      cloudwatch_logs_configuration: { log_group_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.logs_log-group_[A-Z0-9]+\.arn\}:\*$/) },
    });
    expect(template.experiment_options).toEqual({ account_targeting: 'single-account', empty_target_resolution_mode: 'fail' });
    expect(template.role_arn).toMatch(/^\$\{aws_iam_role\.experiment_role_[A-Z0-9]+\.arn\}$/);
    expect(template.tags).toEqual({ Name: `${CLUSTER}-fis-${shortName}` });
  });

  it('has a role only FIS experiments of this account and region can assume', () => {
    const role = onlyResource(synth, 'aws_iam_role');
    expect(role.name).toBe(`${CLUSTER}-fis-${shortName}`);
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'fis.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:fis:us-west-2:111122223333:experiment/*' },
        },
      },
    ]);
    expect(inlinePolicy(synth).Statement).toEqual(spec.permissions);
    const logDelivery = JSON.parse(onlyResource(synth, 'aws_iam_role_policy').policy);
    expect(logDelivery.Statement[0].Action).toEqual(['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups']);
  });

  it('every action targets a declared target or waits after the fault', () => {
    const targetNames = template.target.map((target: any) => target.name);
    for (const action of template.action) {
      if (action.action_id === 'aws:fis:wait') {
        expect(action.start_after).toHaveLength(1);
        expect(parameters(action).duration).toMatch(/^PT\d+M$/);
      } else {
        expect(targetNames).toContain(action.target.value);
      }
    }
  });
});

describe('FisExperiment per kind', () => {
  it('spot: interrupts a share of the running spot instances of the cluster after the notice', () => {
    const template = onlyResource(synthExperiment(specs.spot), 'aws_fis_experiment_template');
    expect(template.target).toEqual([
      {
        name: 'spot-nodes',
        resource_type: 'aws:ec2:spot-instance',
        selection_mode: 'PERCENT(40)',
        resource_tag: [{ key: 'eks:cluster-name', value: CLUSTER }],
        filter: [{ path: 'State.Name', values: ['running'] }],
      },
    ]);
    const fault = template.action.find((action: any) => action.action_id === 'aws:ec2:send-spot-instance-interruptions');
    expect(parameters(fault)).toEqual({ durationBeforeInterruption: 'PT2M' });
    expect(fault.target).toEqual({ key: 'SpotInstances', value: 'spot-nodes' });
  });

  it('node: terminates a percentage of the named baseline node groups only', () => {
    const synth = synthExperiment(specs.node);
    const template = onlyResource(synth, 'aws_fis_experiment_template');
    expect(template.target[0]).toMatchObject({ resource_type: 'aws:eks:nodegroup', selection_mode: 'ALL', resource_arns: [expect.stringContaining(':nodegroup/')] });
    const fault = template.action.find((action: any) => action.action_id === 'aws:eks:terminate-nodegroup-instances');
    expect(parameters(fault)).toEqual({ instanceTerminationPercentage: '50' });
    const terminate = inlinePolicy(synth).Statement.find((statement: any) => statement.Action.includes('ec2:TerminateInstances'));
    expect(terminate.Condition.StringEquals).toEqual({ 'aws:ResourceTag/eks:cluster-name': CLUSTER, 'aws:ResourceTag/eks:nodegroup-name': ['baseline'] });
    expect(terminate.Resource).toBe('arn:aws:ec2:us-west-2:*:instance/*');
  });

  it('zone: cuts one subnet off for the configured duration, the swap confined to the cluster VPC', () => {
    const synth = synthExperiment(specs.zone);
    const template = onlyResource(synth, 'aws_fis_experiment_template');
    expect(template.target).toEqual([
      { name: 'zone-subnet', resource_type: 'aws:ec2:subnet', selection_mode: 'ALL', resource_arns: ['arn:aws:ec2:us-west-2:111122223333:subnet/subnet-a'] },
    ]);
    expect(template.action).toHaveLength(1);
    expect(parameters(template.action[0])).toEqual({ duration: 'PT10M', scope: 'all' });
    const swap = inlinePolicy(synth).Statement.find((statement: any) => statement.Sid === 'SwapZoneSubnetAcl');
    expect(swap.Condition).toEqual({ ArnLike: { 'ec2:Vpc': 'arn:aws:ec2:us-west-2:*:vpc/vpc-1' } });
  });

  it('pod: deletes a share of the Triton deployment as the FIS service account, mapped into the cluster by an access entry', () => {
    const synth = synthExperiment(specs.pod);
    const template = onlyResource(synth, 'aws_fis_experiment_template');
    expect(template.target[0]).toEqual({
      name: 'triton-pods',
      resource_type: 'aws:eks:pod',
      selection_mode: 'PERCENT(25)',
      parameters: { clusterIdentifier: CLUSTER, namespace: 'inference', selectorType: 'deploymentName', selectorValue: 'triton-inference-server' },
    });
    const fault = template.action.find((action: any) => action.action_id === 'aws:eks:pod-delete');
    expect(parameters(fault)).toEqual({ kubernetesServiceAccount: 'fis-pod-delete' });
    expect(onlyResource(synth, 'aws_eks_access_entry')).toMatchObject({ cluster_name: CLUSTER, type: 'STANDARD', user_name: 'fis-experiment' });
  });

  it('only the pod experiment gets an EKS access entry', () => {
    for (const key of ['spot', 'node', 'zone']) expect(resourcesOf(synthExperiment(specs[key]), 'aws_eks_access_entry')).toEqual([]);
  });

  it('refuses to exist without a stop-condition alarm', () => {
    expect(() => synthExperiment(specs.spot, [])).toThrow(/at least one stop-condition alarm/);
  });

  it('refuses more node groups than one FIS target can hold', () => {
    const nodeGroups = Array.from({ length: 6 }, (_, index) => ({ name: `g${index}`, arn: `arn:aws:eks:us-west-2:111122223333:nodegroup/c/g${index}/x` }));
    expect(() => nodeTerminationSpec({ region: REGION, clusterName: CLUSTER, nodeGroups, sharePercent: 10, observeFor: 'PT5M' })).toThrow(/1 to 5 node groups/);
  });
});

describe('ExperimentLogGroup', () => {
  it('is encrypted with the given key, bounded, under /aws/fis/', () => {
    const group = onlyResource(synthExperiment(specs.spot), 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: `/aws/fis/${CLUSTER}`, retention_in_days: 90, kms_key_id: 'arn:aws:kms:us-west-2:111122223333:key/k' });
  });
});
