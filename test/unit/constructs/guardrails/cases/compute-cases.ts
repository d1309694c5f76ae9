import { Construct } from 'constructs';
import { LaunchTemplate, LaunchTemplateConfig } from '@cdktf/provider-aws/lib/launch-template';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RuleCase } from '../helpers';

/** A launch template as ManagedNodeGroup builds it, with `change` applied. */
export function launchTemplate(change: (config: any) => void = () => undefined) {
  return (scope: Construct, provider: AwsProvider) => {
    const config: any = {
      provider,
      name: 'nodes',
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, volumeType: 'gp3', encrypted: 'true' } }],
    };
    change(config);
    new LaunchTemplate(scope, 'template', config as LaunchTemplateConfig);
  };
}

export const COMPUTE_CASES: RuleCase[] = [
  {
    rule: 'SPW-EC2-001',
    name: 'IMDSv2 on launch templates',
    pass: launchTemplate(),
    fail: launchTemplate((config) => (config.metadataOptions = { httpEndpoint: 'enabled', httpTokens: 'optional' })),
    problem: /http_tokens is "optional", not "required"/,
    address: /^aws_launch_template\.template$/,
  },
  {
    rule: 'SPW-EC2-001',
    name: 'IMDSv2 on launch templates without metadata options',
    pass: launchTemplate((config) => (config.metadataOptions = { httpEndpoint: 'disabled' })),
    fail: launchTemplate((config) => delete config.metadataOptions),
    problem: /http_tokens is "unset \(optional\)"/,
  },
  {
    rule: 'SPW-EC2-001',
    name: 'IMDSv2 on instances',
    pass: (scope, provider) => new Instance(scope, 'vm', { provider, ami: 'ami-1', metadataOptions: { httpTokens: 'required' }, rootBlockDevice: { encrypted: true } }),
    fail: (scope, provider) => new Instance(scope, 'vm', { provider, ami: 'ami-1', rootBlockDevice: { encrypted: true } }),
    problem: /http_tokens/,
    address: /^aws_instance\.vm$/,
  },
  {
    rule: 'SPW-EC2-002',
    name: 'encrypted launch template volumes',
    pass: launchTemplate(),
    fail: launchTemplate((config) => (config.blockDeviceMappings[0].ebs.encrypted = 'false')),
    problem: /"\/dev\/xvda": ebs.encrypted is "false", not true/,
  },
  {
    rule: 'SPW-EC2-002',
    name: 'launch templates that leave volumes to the AMI',
    pass: launchTemplate(),
    fail: launchTemplate((config) => delete config.blockDeviceMappings),
    problem: /declares no EBS block device mapping/,
  },
  {
    rule: 'SPW-EC2-002',
    name: 'encrypted standalone volumes',
    pass: (scope, provider) => new EbsVolume(scope, 'data', { provider, availabilityZone: 'us-west-2a', size: 10, encrypted: true }),
    fail: (scope, provider) => new EbsVolume(scope, 'data', { provider, availabilityZone: 'us-west-2a', size: 10 }),
    problem: /encrypted is "unset", not true/,
  },
  {
    rule: 'SPW-EC2-003',
    name: 'no public IPs on nodes',
    pass: launchTemplate((config) => (config.networkInterfaces = [{ deviceIndex: 0, associatePublicIpAddress: 'false' }])),
    fail: launchTemplate((config) => (config.networkInterfaces = [{ deviceIndex: 0, associatePublicIpAddress: 'true' }])),
    problem: /network_interfaces\[0\].associate_public_ip_address is true/,
  },
];
