import { modelConfigKey, modelConfigs, renderModelConfig } from '../../../../constructs/triton/model-config';
import { exampleConfig } from '../../../support/fixtures';
import type { TritonModelConfig } from '../../../../config/schema';

const tiers = { premium: 1, enterprise: 2, free: 3 };
const model: TritonModelConfig = {
  name: 'resnet50',
  platform: 'onnxruntime_onnx',
  maxBatchSize: 32,
  instanceCount: 2,
  preferredBatchSizes: [16, 8],
  maxQueueDelayMicroseconds: 2000,
  queuePolicy: {
    free: { maxQueueSize: 32, timeoutMicroseconds: 500000 },
    premium: { maxQueueSize: 256, timeoutMicroseconds: 100000 },
    enterprise: { maxQueueSize: 128, timeoutMicroseconds: 250000 },
  },
};

/** The `priority_queue_policy` blocks as { level: body }. */
function priorityPolicies(text: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const match of text.matchAll(/priority_queue_policy \{\n\s+key: (\d+)\n\s+value \{\n([\s\S]*?)\n\s+\}\n\s+\}/g)) {
    found.set(Number(match[1]), match[2]);
  }
  return found;
}

describe('renderModelConfig', () => {
  const text = renderModelConfig(model, tiers, 'free');

  it('writes the exact protobuf text format Triton reads', () => {
    expect(text).toBe(
      [
        'name: "resnet50"',
        'platform: "onnxruntime_onnx"',
        'max_batch_size: 32',
        'instance_group [',
        '  {',
        '    count: 2',
        '    kind: KIND_GPU',
        '  }',
        ']',
        'dynamic_batching {',
        '  preferred_batch_size: [ 8, 16 ]',
        '  max_queue_delay_microseconds: 2000',
        '  priority_levels: 3',
        '  default_priority_level: 3',
        '  default_queue_policy {',
        '    max_queue_size: 32',
        '    default_timeout_microseconds: 500000',
        '    timeout_action: REJECT',
        '    allow_timeout_override: true',
        '  }',
        '  # tier premium',
        '  priority_queue_policy {',
        '    key: 1',
        '    value {',
        '      max_queue_size: 256',
        '      default_timeout_microseconds: 100000',
        '      timeout_action: REJECT',
        '      allow_timeout_override: true',
        '    }',
        '  }',
        '  # tier enterprise',
        '  priority_queue_policy {',
        '    key: 2',
        '    value {',
        '      max_queue_size: 128',
        '      default_timeout_microseconds: 250000',
        '      timeout_action: REJECT',
        '      allow_timeout_override: true',
        '    }',
        '  }',
        '  # tier free',
        '  priority_queue_policy {',
        '    key: 3',
        '    value {',
        '      max_queue_size: 32',
        '      default_timeout_microseconds: 500000',
        '      timeout_action: REJECT',
        '      allow_timeout_override: true',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('has one priority level per tier, each with its own bounded queue that rejects on timeout', () => {
    const policies = priorityPolicies(text);
    expect([...policies.keys()]).toEqual([1, 2, 3]);
    for (const [tier, level] of Object.entries(tiers)) {
      const body = policies.get(level)!;
      expect(body).toContain(`max_queue_size: ${model.queuePolicy[tier].maxQueueSize}`);
      expect(body).toContain(`default_timeout_microseconds: ${model.queuePolicy[tier].timeoutMicroseconds}`);
      expect(body).toContain('timeout_action: REJECT');
    }
    expect(text).not.toContain('DELAY');
  });

  it('follows the tier map, not the order the policies were written in', () => {
    const reordered = renderModelConfig(model, { free: 1, enterprise: 2, premium: 3 }, 'premium');
    const policies = priorityPolicies(reordered);
    expect(policies.get(1)).toContain('max_queue_size: 32');
    expect(policies.get(3)).toContain('max_queue_size: 256');
    expect(reordered).toContain('default_priority_level: 3');
  });

  it('uses the model default tier over the fleet default, for the level and the default queue policy', () => {
    const own = renderModelConfig({ ...model, defaultTier: 'enterprise' }, tiers, 'free');
    expect(own).toContain('default_priority_level: 2');
    expect(own).toMatch(/default_queue_policy \{\n\s+max_queue_size: 128\n/);
  });

  it('writes backend instead of platform, and no preferred sizes when none are configured', () => {
    const python = renderModelConfig({ ...model, name: 'text-embedder', platform: undefined, backend: 'python', preferredBatchSizes: [] }, tiers, 'free');
    expect(python).toContain('backend: "python"');
    expect(python).not.toContain('platform:');
    expect(python).not.toContain('preferred_batch_size');
  });

  it('refuses a tier without a queue policy or an unknown default tier', () => {
    expect(() => renderModelConfig(model, { ...tiers, gold: 4 }, 'free')).toThrow(/no queue policy for tier "gold"/);
    expect(() => renderModelConfig(model, tiers, 'gold')).toThrow(/default tier "gold"/);
  });

  it('keys every example model under the prefix', () => {
    const triton = exampleConfig.triton!;
    const configs = modelConfigs({ ...triton, keyPrefix: triton.modelRepository.keyPrefix });
    expect([...configs.keys()]).toEqual(['triton/resnet50/config.pbtxt', 'triton/text-embedder/config.pbtxt']);
    expect(configs.get(modelConfigKey('triton', 'text-embedder'))).toContain('name: "text-embedder"');
  });
});
