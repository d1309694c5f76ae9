/**
 * The AWS Load Balancer Controller's IAM policy as data: the statements of the controller's documented
 * policy (docs/install/iam_policy.json, controller v3.5.0; the pinned release is v3.4.2), with its `elbv2.k8s.aws/cluster` tag
 * conditions kept exactly where the document has them, every resource ARN pattern narrowed from "any
 * region" to the cluster's region, and the security-group ingress actions the document grants on "*"
 * narrowed to the region's security groups. Re-check it against the document when bumping the chart.
 */
import { PolicyStatement } from '../primitives/iam-documents';

/** The tag the controller puts on everything it creates; its conditions scope the mutating actions. */
export const CONTROLLER_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

const requestTag = `aws:RequestTag/${CONTROLLER_CLUSTER_TAG}`;
const resourceTag = `aws:ResourceTag/${CONTROLLER_CLUSTER_TAG}`;

/** Statements of the controller's policy for a cluster in `region`. */
export function loadBalancerControllerStatements(region: string): PolicyStatement[] {
  const elb = (resource: string) => `arn:aws:elasticloadbalancing:${region}:*:${resource}`;
  const securityGroups = `arn:aws:ec2:${region}:*:security-group/*`;
  const loadBalancersAndTargetGroups = [elb('targetgroup/*/*'), elb('loadbalancer/net/*/*'), elb('loadbalancer/app/*/*')];
  return [
    {
      Sid: 'CreateElbServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Sid: 'Describe',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      Resource: '*',
    },
    {
      Sid: 'CertificatesWafShield',
      Effect: 'Allow',
      Action: [
        'cognito-idp:DescribeUserPoolClient',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource',
        'waf-regional:AssociateWebACL',
        'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      Resource: '*',
    },
    {
      Sid: 'SecurityGroupIngress',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: securityGroups,
    },
    { Sid: 'CreateSecurityGroup', Effect: 'Allow', Action: 'ec2:CreateSecurityGroup', Resource: '*' },
    {
      Sid: 'TagNewSecurityGroup',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: securityGroups,
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' }, Null: { [requestTag]: 'false' } },
    },
    {
      Sid: 'RetagOwnSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: securityGroups,
      Condition: { Null: { [requestTag]: 'true', [resourceTag]: 'false' } },
    },
    {
      Sid: 'ManageOwnSecurityGroup',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      Resource: securityGroups,
      Condition: { Null: { [resourceTag]: 'false' } },
    },
    {
      Sid: 'CreateTaggedLoadBalancer',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: '*',
      Condition: { Null: { [requestTag]: 'false' } },
    },
    {
      Sid: 'ListenersAndRules',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      Resource: '*',
    },
    {
      Sid: 'RetagOwnLoadBalancer',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: loadBalancersAndTargetGroups,
      Condition: { Null: { [requestTag]: 'true', [resourceTag]: 'false' } },
    },
    {
      Sid: 'TagListenersAndRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      Resource: [elb('listener/net/*/*/*'), elb('listener/app/*/*/*'), elb('listener-rule/net/*/*/*'), elb('listener-rule/app/*/*/*')],
    },
    {
      Sid: 'ModifyOwnLoadBalancer',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      Resource: '*',
      Condition: { Null: { [resourceTag]: 'false' } },
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:AddTags',
      Resource: loadBalancersAndTargetGroups,
      Condition: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] },
        Null: { [requestTag]: 'false' },
      },
    },
    {
      // TargetGroupBinding registers pods in target groups the controller did not create (Spillway's).
      Sid: 'RegisterTargets',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      Resource: elb('targetgroup/*/*'),
    },
    {
      Sid: 'ListenerSettings',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      Resource: '*',
    },
  ];
}
