/** EC2 launch templates, instances and volumes. */
import { block, blocks, GuardrailRule, isTrue, show } from './rule';

/** IMDSv2 is required, or the metadata endpoint is off entirely. */
function imdsProblems(options: Record<string, any> | undefined): string[] {
  if (options?.http_endpoint === 'disabled') return [];
  if (options?.http_tokens === 'required') return [];
  return [`metadata_options.http_tokens is ${show(options?.http_tokens ?? 'unset (optional)')}, not "required": IMDSv1 lets any SSRF read the instance credentials`];
}

export const COMPUTE_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-EC2-001',
    title: 'Instances require IMDSv2 session tokens, so an SSRF cannot read instance credentials.',
    fix: 'Set metadata_options { http_tokens = "required" } (ManagedNodeGroup does; hop limit 1 keeps pods away).',
    appliesTo: ['aws_launch_template', 'aws_instance'],
    check: (resource) => imdsProblems(block(resource.config.metadata_options)),
  },
  {
    id: 'SPW-EC2-002',
    title: 'Every EBS volume (launch template mappings, instance volumes, standalone volumes) is encrypted.',
    fix: 'Declare the volumes with encrypted = true (ManagedNodeGroup maps an encrypted gp3 root or data volume).',
    appliesTo: ['aws_launch_template', 'aws_instance', 'aws_ebs_volume'],
    check: (resource) => {
      const config = resource.config;
      if (resource.type === 'aws_ebs_volume') return isTrue(config.encrypted) ? [] : [`encrypted is ${show(config.encrypted ?? 'unset')}, not true`];
      if (resource.type === 'aws_instance') {
        const problems: string[] = [];
        if (!isTrue(block(config.root_block_device)?.encrypted)) problems.push('root_block_device.encrypted is not true');
        blocks(config.ebs_block_device).forEach((device, index) => {
          if (!isTrue(device.encrypted)) problems.push(`ebs_block_device[${index}] (${device.device_name}) is not encrypted`);
        });
        return problems;
      }
      const mappings = blocks(config.block_device_mappings).filter((mapping) => !mapping.no_device && !mapping.virtual_name);
      if (mappings.length === 0) return ['declares no EBS block device mapping: volumes come unencrypted from the AMI unless the account default is on'];
      return mappings
        .filter((mapping) => !isTrue(block(mapping.ebs)?.encrypted))
        .map((mapping) => `block_device_mappings ${show(mapping.device_name)}: ebs.encrypted is ${show(block(mapping.ebs)?.encrypted ?? 'unset')}, not true`);
    },
  },
  {
    id: 'SPW-EC2-003',
    title: 'Nodes get no public IP address; they reach the internet through NAT and are reached through load balancers.',
    fix: 'Remove associate_public_ip_address (launch template network_interfaces, aws_instance) and place nodes in private subnets.',
    appliesTo: ['aws_launch_template', 'aws_instance'],
    check: (resource) => {
      if (resource.type === 'aws_instance') {
        return isTrue(resource.config.associate_public_ip_address) ? ['associate_public_ip_address is true'] : [];
      }
      return blocks(resource.config.network_interfaces)
        .map((nic, index) => (isTrue(nic.associate_public_ip_address) ? `network_interfaces[${index}].associate_public_ip_address is true` : undefined))
        .filter((problem): problem is string => problem !== undefined);
    },
  },
];
