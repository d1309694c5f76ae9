import { GpuNodePool, GpuNodePoolProps } from '../../../../constructs/gpu-capacity/gpu-node-pool';
import { resourcesOf, synthWithAws } from '../helpers';

const base: Omit<GpuNodePoolProps, 'provider'> = {
  clusterName: 'spillway-test-us-west-2',
  nodeRoleArn: 'arn:aws:iam::111122223333:role/node',
  subnetIds: ['subnet-a', 'subnet-b'],
  name: 'burst',
  role: 'burst',
  roleLabel: 'spillway.io/role',
  instanceTypes: ['g4dn.xlarge', 'g4dn.2xlarge'],
  capacity: 'spot-then-on-demand',
  minSize: 0,
  maxSize: 6,
  amiType: 'AL2023_x86_64_NVIDIA',
  rootVolumeGiB: 200,
  metadataHopLimit: 1,
  prewarm: [{ name: 'peak', startCron: '30 15 * * MON-FRI', endCron: '0 19 * * MON-FRI', minSize: 2 }],
  instanceTags: { Project: 'spillway' },
};

function synthPool(props: Partial<GpuNodePoolProps> = {}) {
  return synthWithAws((scope, provider) => new GpuNodePool(scope, 'pool', { ...base, ...props, provider }));
}

/** node group name -> { tag key -> value } of its ASG tags. */
function asgTagsByGroup(synth: any): Record<string, Record<string, string>> {
  const groups = Object.fromEntries(
    Object.entries(synth.resource.aws_eks_node_group).map(([id, group]: [string, any]) => [id, group.node_group_name]),
  );
  const tags: Record<string, Record<string, string>> = {};
  for (const tag of resourcesOf(synth, 'aws_autoscaling_group_tag')) {
    const groupId = /aws_eks_node_group\.([^.]+)\./.exec(tag.autoscaling_group_name)![1];
    expect(tag.tag.propagate_at_launch).toBe(false);
    (tags[groups[groupId]] ??= {})[tag.tag.key] = tag.tag.value;
  }
  return tags;
}

describe('GpuNodePool', () => {
  it('makes a spot node group with every size and an on-demand fallback group', () => {
    // Synthesized resources come sorted by id; order them spot first for the comparison.
    const groups = resourcesOf(synthPool(), 'aws_eks_node_group').sort((a, b) => b.capacity_type.localeCompare(a.capacity_type));
    expect(groups.map((group) => [group.node_group_name, group.capacity_type, group.instance_types, group.scaling_config])).toEqual([
      ['burst-spot', 'SPOT', ['g4dn.xlarge', 'g4dn.2xlarge'], { min_size: 0, desired_size: 0, max_size: 6 }],
      ['burst-on-demand', 'ON_DEMAND', ['g4dn.xlarge', 'g4dn.2xlarge'], { min_size: 0, desired_size: 0, max_size: 6 }],
    ]);
    for (const group of groups) {
      expect(group.ami_type).toBe('AL2023_x86_64_NVIDIA');
      expect(group.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }]);
      expect(group.lifecycle.ignore_changes).toEqual(['scaling_config[0].desired_size']);
    }
    expect(groups[0].capacity_type).toBe('SPOT');
    expect(groups[0].labels).toEqual({
      'nvidia.com/gpu.present': 'true',
      'spillway.io/pool': 'burst',
      'spillway.io/role': 'burst',
      'spillway.io/capacity-type': 'spot',
      'spillway.io/device-plugin': 'daemonset',
    });
    expect(groups[1].labels['spillway.io/capacity-type']).toBe('on-demand');
  });

  it('tags each ASG with node-template labels, the taint, resources and discovery tags for scale from zero', () => {
    const tags = asgTagsByGroup(synthPool());
    const template = 'k8s.io/cluster-autoscaler/node-template';
    expect(tags['burst-spot']).toEqual({
      'k8s.io/cluster-autoscaler/enabled': 'true',
      'k8s.io/cluster-autoscaler/spillway-test-us-west-2': 'owned',
      [`${template}/label/nvidia.com/gpu.present`]: 'true',
      [`${template}/label/spillway.io/pool`]: 'burst',
      [`${template}/label/spillway.io/role`]: 'burst',
      [`${template}/label/spillway.io/capacity-type`]: 'spot',
      [`${template}/label/spillway.io/device-plugin`]: 'daemonset',
      [`${template}/label/eks.amazonaws.com/capacityType`]: 'SPOT',
      [`${template}/label/eks.amazonaws.com/nodegroup`]: 'burst-spot',
      [`${template}/taint/nvidia.com/gpu`]: 'true:NoSchedule',
      // The smallest size of the group (g4dn.xlarge): what every node is guaranteed to have.
      [`${template}/resources/nvidia.com/gpu`]: '1',
      [`${template}/resources/cpu`]: '4',
      [`${template}/resources/memory`]: '16Gi',
      [`${template}/resources/ephemeral-storage`]: '200Gi',
    });
    expect(tags['burst-on-demand'][`${template}/label/spillway.io/capacity-type`]).toBe('on-demand');
    expect(tags['burst-on-demand'][`${template}/label/eks.amazonaws.com/capacityType`]).toBe('ON_DEMAND');
  });

  it('advertises four GPUs for a g4dn.12xlarge group', () => {
    const tags = asgTagsByGroup(synthPool({ name: 'big', capacity: 'on-demand', instanceTypes: ['g4dn.12xlarge'], prewarm: [] }));
    expect(tags.big['k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu']).toBe('4');
    expect(tags.big['k8s.io/cluster-autoscaler/node-template/resources/memory']).toBe('192Gi');
  });

  it('turns a pre-warm window into a raise and a restore schedule on the first node group only', () => {
    const schedules = resourcesOf(synthPool(), 'aws_autoscaling_schedule');
    expect(schedules.map((s) => [s.scheduled_action_name, s.recurrence, s.min_size, s.max_size, s.desired_capacity, s.time_zone])).toEqual([
      ['burst-spot-prewarm-peak-raise', '30 15 * * MON-FRI', 2, 6, -1, 'Etc/UTC'],
      ['burst-spot-prewarm-peak-restore', '0 19 * * MON-FRI', 0, 6, -1, 'Etc/UTC'],
    ]);
    expect(schedules[0].autoscaling_group_name).toContain('aws_eks_node_group.pool_burst-spot_node-group');
  });

  it('sizes the Bottlerocket data volume and marks its host device plugin', () => {
    const synth = synthPool({ amiType: 'BOTTLEROCKET_x86_64_NVIDIA', capacity: 'on-demand', prewarm: [] });
    const template = resourcesOf(synth, 'aws_launch_template')[0];
    expect(template.block_device_mappings[0].device_name).toBe('/dev/xvdb');
    expect(template.block_device_mappings[0].ebs).toMatchObject({ volume_size: 200, volume_type: 'gp3', encrypted: 'true' });
    expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(resourcesOf(synth, 'aws_eks_node_group')[0].labels['spillway.io/device-plugin']).toBe('host');
  });
});
