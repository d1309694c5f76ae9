/** EKS control plane and managed node groups. */
import { block, blocks, GuardrailRule, isLiteral, isTrue, show, strings } from './rule';

/** Control-plane logs that record who did what: without them an incident cannot be reconstructed. */
export const REQUIRED_CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator'] as const;

export const EKS_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-EKS-001',
    title: 'The Kubernetes API is reachable only on the private endpoint, never from the internet.',
    fix: 'Set vpc_config.endpoint_private_access = true and endpoint_public_access = false (PrivateEksCluster does); reach the API over the VPN or from a runner in the VPC (cluster.endpointAccessCidrs).',
    appliesTo: ['aws_eks_cluster'],
    check: (resource) => {
      const vpc = block(resource.config.vpc_config);
      const problems: string[] = [];
      if (!isTrue(vpc?.endpoint_private_access)) {
        problems.push(`vpc_config.endpoint_private_access is ${show(vpc?.endpoint_private_access ?? 'unset (false)')}, not true`);
      }
      // The provider defaults endpoint_public_access to true.
      if (vpc?.endpoint_public_access !== false && vpc?.endpoint_public_access !== 'false') {
        problems.push(`vpc_config.endpoint_public_access is ${show(vpc?.endpoint_public_access ?? 'unset (defaults to true)')}, not false`);
      }
      return problems;
    },
  },
  {
    id: 'SPW-EKS-002',
    title: 'Kubernetes secrets are envelope-encrypted with a customer KMS key.',
    fix: 'Add encryption_config { resources = ["secrets"], provider.key_arn = <customer KMS key ARN> } (PrivateEksCluster creates a rotating key).',
    appliesTo: ['aws_eks_cluster'],
    check: (resource) => {
      const encryption = block(resource.config.encryption_config);
      if (!encryption) return ['has no encryption_config: secrets are stored with only the default EBS encryption of etcd'];
      const problems: string[] = [];
      if (!strings(encryption.resources).includes('secrets')) {
        problems.push(`encryption_config.resources is ${show(encryption.resources)}; it must include "secrets"`);
      }
      if (!block(encryption.provider)?.key_arn) problems.push('encryption_config.provider.key_arn is not set');
      return problems;
    },
  },
  {
    id: 'SPW-EKS-003',
    title: 'Control-plane api, audit and authenticator logs go to CloudWatch, so API activity can be audited.',
    fix: 'Include api, audit and authenticator in cluster.controlPlaneLogTypes (enabled_cluster_log_types).',
    appliesTo: ['aws_eks_cluster'],
    check: (resource) => {
      const enabled = resource.config.enabled_cluster_log_types;
      if (!isLiteral(enabled)) return [`enabled_cluster_log_types is ${show(enabled ?? 'unset')}; it cannot be verified`];
      const missing = REQUIRED_CONTROL_PLANE_LOGS.filter((type) => !strings(enabled).includes(type));
      return missing.length > 0 ? [`enabled_cluster_log_types ${show(enabled)} lacks ${missing.join(', ')}`] : [];
    },
  },
  {
    id: 'SPW-EKS-004',
    title: 'Cluster access is granted through EKS access entries only (API mode), not the editable aws-auth ConfigMap.',
    fix: 'Set access_config.authentication_mode = "API" and bootstrap_cluster_creator_admin_permissions = false; grant admins with cluster.adminPrincipalArns.',
    appliesTo: ['aws_eks_cluster'],
    check: (resource) => {
      const access = block(resource.config.access_config);
      const problems: string[] = [];
      if (access?.authentication_mode !== 'API') {
        problems.push(`access_config.authentication_mode is ${show(access?.authentication_mode ?? 'unset (CONFIG_MAP)')}, not "API"`);
      }
      if (access?.bootstrap_cluster_creator_admin_permissions !== false) {
        problems.push('access_config.bootstrap_cluster_creator_admin_permissions is not false: whoever applies would become a hidden cluster admin');
      }
      return problems;
    },
  },
  {
    id: 'SPW-EKS-005',
    title: "Managed node groups boot from Spillway's launch template, so IMDSv2 and volume encryption apply to every node.",
    fix: 'Give the node group a launch_template (ManagedNodeGroup creates one) instead of EKS\'s default template.',
    appliesTo: ['aws_eks_node_group'],
    check: (resource) => {
      const template = block(resource.config.launch_template);
      return template && (template.id || template.name) ? [] : ['has no launch_template: nodes get EKS\'s default template (IMDSv1 allowed, hop limit 2)'];
    },
  },
  {
    id: 'SPW-EKS-006',
    title: 'Nodes are not reachable over SSH; use SSM Session Manager when a shell is needed.',
    fix: 'Remove remote_access from the node group.',
    appliesTo: ['aws_eks_node_group'],
    check: (resource) => (blocks(resource.config.remote_access).length > 0 ? ['remote_access opens SSH (port 22) to the nodes'] : []),
  },
];
