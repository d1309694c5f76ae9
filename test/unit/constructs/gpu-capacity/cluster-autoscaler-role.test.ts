import { ClusterAutoscalerRole } from '../../../../constructs/gpu-capacity/cluster-autoscaler-role';
import { onlyResource, synthWithAws } from '../helpers';

describe('ClusterAutoscalerRole', () => {
  const synth = synthWithAws(
    (scope, provider) =>
      new ClusterAutoscalerRole(scope, 'ca', {
        provider,
        clusterName: 'spillway-test-us-west-2',
        nodeGroupArns: ['arn:aws:eks:us-west-2:111122223333:nodegroup/spillway-test-us-west-2/burst-spot/abc'],
        autoscalingGroupNames: ['eks-burst-spot-abc'],
        region: 'us-west-2',
      }),
  );
  const statements = JSON.parse(onlyResource(synth, 'aws_iam_role_policy').policy).Statement;
  const bySid = (sid: string) => statements.find((statement: any) => statement.Sid === sid);

  it('scales and terminates only in its own node groups ASGs, and only while they are tagged for this cluster', () => {
    expect(bySid('ScaleOwnGroups')).toEqual({
      Sid: 'ScaleOwnGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: ['arn:aws:autoscaling:us-west-2:*:autoScalingGroup:*:autoScalingGroupName/eks-burst-spot-abc'],
      Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/spillway-test-us-west-2': 'owned' } },
    });
    // No mutating action without the tag condition.
    for (const statement of statements.filter((s: any) => s.Sid !== 'ScaleOwnGroups')) {
      expect([statement.Action].flat().some((action: string) => /SetDesired|Terminate|Update/.test(action))).toBe(false);
    }
  });

  it('may describe the cluster node groups, to read labels and taints of groups at zero', () => {
    expect(bySid('ReadNodeGroups')).toMatchObject({
      Action: 'eks:DescribeNodegroup',
      Resource: ['arn:aws:eks:us-west-2:111122223333:nodegroup/spillway-test-us-west-2/burst-spot/abc'],
    });
  });

  it('is bound to kube-system/cluster-autoscaler by EKS Pod Identity', () => {
    expect(onlyResource(synth, 'aws_eks_pod_identity_association')).toMatchObject({
      cluster_name: 'spillway-test-us-west-2',
      namespace: 'kube-system',
      service_account: 'cluster-autoscaler',
    });
    expect(JSON.parse(onlyResource(synth, 'aws_iam_role').assume_role_policy).Statement[0].Principal).toEqual({
      Service: 'pods.eks.amazonaws.com',
    });
  });
});
