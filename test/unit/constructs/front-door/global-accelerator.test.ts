import { GlobalAccelerator } from '../../../../constructs/front-door/global-accelerator';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const regions = [
  { region: 'us-west-2', loadBalancerArn: 'arn:nlb/us', ports: [8000, 8001], weight: 200, trafficDialPercentage: 100 },
  { region: 'eu-west-1', loadBalancerArn: 'arn:nlb/eu', ports: [8000, 8001], weight: 50, trafficDialPercentage: 25 },
];

function synth(extra: Partial<ConstructorParameters<typeof GlobalAccelerator>[2]> = {}) {
  return synthWithAws(
    (scope, provider) =>
      new GlobalAccelerator(scope, 'ga', {
        provider,
        name: 'spillway-test',
        ports: [8000, 8001],
        regions,
        clientIpPreservation: true,
        flowLogs: { retentionDays: 30, bucketPrefix: 'spillway-test-galog-' },
        ...extra,
      }),
  );
}

describe('GlobalAccelerator', () => {
  it('has one TCP listener per port with SOURCE_IP affinity by default', () => {
    const listeners = resourcesOf(synth(), 'aws_globalaccelerator_listener');
    expect(listeners.map((listener) => listener.port_range)).toEqual([[{ from_port: 8000, to_port: 8000 }], [{ from_port: 8001, to_port: 8001 }]]);
    expect(listeners.every((listener) => listener.protocol === 'TCP' && listener.client_affinity === 'SOURCE_IP')).toBe(true);
  });

  it('has one endpoint group per region and listener with that region NLB, its weight and its dial', () => {
    const groups = resourcesOf(synth(), 'aws_globalaccelerator_endpoint_group');
    expect(groups).toHaveLength(4);
    for (const port of ['8000', '8001']) {
      const forListener = groups.filter((group) => group.listener_arn.includes(`listener-${port}`));
      expect(forListener.map((group) => group.endpoint_group_region).sort()).toEqual(['eu-west-1', 'us-west-2']);
    }
    const eu = groups.filter((group) => group.endpoint_group_region === 'eu-west-1');
    for (const group of eu) {
      expect(group.traffic_dial_percentage).toBe(25);
      expect(group.endpoint_configuration).toEqual([{ endpoint_id: 'arn:nlb/eu', weight: 50, client_ip_preservation_enabled: true }]);
      // NLB endpoints are health-checked by the NLB itself.
      expect(group.health_check_path).toBeUndefined();
    }
    const us = groups.filter((group) => group.endpoint_group_region === 'us-west-2');
    expect(us.map((group) => [group.traffic_dial_percentage, group.endpoint_configuration[0].weight])).toEqual([
      [100, 200],
      [100, 200],
    ]);
  });

  it('writes flow logs to an encrypted, expiring, non-public bucket', () => {
    const result = synth();
    const accelerator = onlyResource(result, 'aws_globalaccelerator_accelerator');
    expect(accelerator.ip_address_type).toBe('IPV4');
    expect(accelerator.attributes.flow_logs_enabled).toBe(true);
    expect(accelerator.attributes.flow_logs_s3_bucket).toMatch(/aws_s3_bucket\..*\.bucket/);
    expect(onlyResource(result, 'aws_s3_bucket').bucket_prefix).toBe('spillway-test-galog-');
    expect(onlyResource(result, 'aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('AES256');
    expect(onlyResource(result, 'aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 30 }]);
    expect(onlyResource(result, 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true });
    const policy = JSON.parse(onlyResource(result, 'aws_s3_bucket_policy').policy);
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('creates no bucket when flow logs are off', () => {
    const result = synth({ flowLogs: undefined });
    expect(resourcesOf(result, 'aws_s3_bucket')).toHaveLength(0);
    expect(onlyResource(result, 'aws_globalaccelerator_accelerator').attributes.flow_logs_enabled).toBe(false);
  });
});
