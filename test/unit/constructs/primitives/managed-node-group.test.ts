import { ManagedNodeGroup } from '../../../../constructs/primitives/managed-node-group';
import { onlyResource, synthWithAws } from '../helpers';

const synth = synthWithAws((scope, provider) => {
  new ManagedNodeGroup(scope, 'system', {
    provider,
    clusterName: 'c1',
    name: 'system',
    nodeRoleArn: 'arn:aws:iam::111122223333:role/node',
    subnetIds: ['subnet-a', 'subnet-b'],
    instanceTypes: ['m6i.large'],
    capacityType: 'ON_DEMAND',
    amiType: 'AL2023_x86_64_STANDARD',
    minSize: 2,
    desiredSize: 2,
    maxSize: 4,
    rootVolumeGiB: 50,
    rootDeviceName: '/dev/xvda',
    metadataHopLimit: 1,
    labels: { 'spillway.io/role': 'system' },
    taints: [{ key: 'dedicated', value: 'system', effect: 'NO_SCHEDULE' }],
    instanceTags: { Project: 'spillway' },
  });
});
const template = onlyResource(synth, 'aws_launch_template');
const nodeGroup = onlyResource(synth, 'aws_eks_node_group');

describe('ManagedNodeGroup', () => {
  it('requires IMDSv2 with the configured hop limit', () => {
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1, http_endpoint: 'enabled' });
  });

  it('boots from an encrypted gp3 root volume with detailed monitoring', () => {
    expect(template.block_device_mappings).toEqual([
      { device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
    ]);
    expect(template.monitoring).toEqual({ enabled: true });
  });

  it('tags instances and volumes, which default_tags cannot reach', () => {
    const tagged = template.tag_specifications.map((spec: any) => [spec.resource_type, spec.tags.Project]);
    expect(tagged).toEqual(expect.arrayContaining([['instance', 'spillway'], ['volume', 'spillway']]));
  });

  it('uses its launch template at its latest version and leaves desired size to the autoscaler', () => {
    expect(nodeGroup.launch_template.version).toMatch(/latest_version/);
    expect(nodeGroup.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
    expect(nodeGroup.scaling_config).toEqual({ min_size: 2, desired_size: 2, max_size: 4 });
  });

  it('carries labels and taints', () => {
    expect(nodeGroup.labels).toEqual({ 'spillway.io/role': 'system' });
    expect(nodeGroup.taint).toEqual([{ key: 'dedicated', value: 'system', effect: 'NO_SCHEDULE' }]);
  });
});
