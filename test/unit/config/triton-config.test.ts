import { parseConfig } from '../../../config/load';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';



describe('triton config', () => {
  it('accepts the example: two models, three tiers, defaults filled in', () => {
    const triton = parseConfig(exampleText).triton!;
    expect(triton.models.map((model) => model.name)).toEqual(['resnet50', 'text-embedder']);
    expect(triton.tiers).toEqual({ premium: 1, enterprise: 2, free: 3 });
    expect(triton.defaultTier).toBe('free');
    expect(triton.image.tag).toBe('26.07-py3');
    expect(triton.modelRepository.keyPrefix).toBe('triton');
  });

  it('fills defaults for the autoscaling behaviour and alerts when omitted', () => {
    const triton = parseConfig(
      exampleWith((config) => {
        delete config.triton.autoscaling;
        delete config.triton.alerts;
        delete config.triton.image;
      }),
    ).triton!;
    expect(triton.autoscaling).toEqual({
      queueTimeSloMicroseconds: 50000,
      cpuTargetUtilization: 80,
      scaleUp: { stabilizationWindowSeconds: 0, percent: 100, pods: 4, periodSeconds: 15 },
      scaleDown: { stabilizationWindowSeconds: 300, percent: 10, periodSeconds: 60 },
    });
    expect(triton.alerts.rejectedRatio).toBe(0.05);
    expect(triton.image.repository).toBe('nvcr.io/nvidia/tritonserver');
  });

  it.each([
    ['the latest tag', (c: any) => (c.triton.image.tag = 'latest'), 'triton.image.tag: '],
    ['levels with a gap', (c: any) => (c.triton.tiers = { premium: 1, enterprise: 2, free: 4 }), 'triton.tiers: levels [1,2,4] must be contiguous from 1 (1..3); missing 3'],
    ['two tiers on one level', (c: any) => (c.triton.tiers = { premium: 1, enterprise: 1, free: 2 }), 'triton.tiers.enterprise: 1 is already the level of tier "premium"'],
    ['an unknown default tier', (c: any) => (c.triton.defaultTier = 'gold'), 'triton.defaultTier: "gold" is not a tier; allowed: premium, enterprise, free'],
    ['an unknown model default tier', (c: any) => (c.triton.models[0].defaultTier = 'gold'), 'triton.models[0].defaultTier: "gold" is not a tier'],
    ['a preferred batch above maxBatchSize', (c: any) => (c.triton.models[0].preferredBatchSizes = [8, 64]), "triton.models[0].preferredBatchSizes[1]: 64 is above the model's maxBatchSize 32"],
    ['a repeated preferred batch', (c: any) => (c.triton.models[0].preferredBatchSizes = [8, 8]), 'triton.models[0].preferredBatchSizes[1]: 8 is listed twice'],
    ['duplicate model names', (c: any) => (c.triton.models[1].name = 'resnet50'), 'triton.models[1].name: "resnet50" is already the name of models[0]'],
    ['a model name with a slash', (c: any) => (c.triton.models[0].name = 'vision/resnet'), 'triton.models[0].name: '],
    ['both platform and backend', (c: any) => (c.triton.models[0].backend = 'python'), 'triton.models[0].platform: "onnxruntime_onnx" is set together with backend "python"'],
    ['neither platform nor backend', (c: any) => delete c.triton.models[1].backend, 'triton.models[1].platform: is missing; set exactly one of platform'],
    ['an unknown platform', (c: any) => (c.triton.models[0].platform = 'onnx'), 'triton.models[0].platform: '],
    ['a queue policy for an unknown tier', (c: any) => (c.triton.models[0].queuePolicy.gold = { maxQueueSize: 1, timeoutMicroseconds: 1 }), 'triton.models[0].queuePolicy.gold: "gold" is not a tier'],
    ['a tier without a queue policy', (c: any) => delete c.triton.models[1].queuePolicy.free, 'triton.models[1].queuePolicy: has no entry for tier "free"'],
    ['an unbounded queue', (c: any) => (c.triton.models[0].queuePolicy.free.maxQueueSize = 0), 'triton.models[0].queuePolicy.free.maxQueueSize: '],
    ['no timeout', (c: any) => (c.triton.models[0].queuePolicy.free.timeoutMicroseconds = 0), 'triton.models[0].queuePolicy.free.timeoutMicroseconds: '],
    ['an unknown model key', (c: any) => (c.triton.models[0].maxBatch = 4), 'triton.models[0].maxBatch: unknown key; allowed keys: name, platform, backend, maxBatchSize'],
    ['min above max replicas', (c: any) => (c.triton.replicas = { min: 9, max: 8 }), 'triton.replicas.min: 9 is above replicas.max 8'],
    [
      'more replicas than the GPU pools hold',
      (c: any) => (c.triton.replicas.max = 11),
      'triton.replicas.max: 11 pods x 1 GPU(s) do not fit eu-west-1, whose GPU pools reach 10 GPUs',
    ],
    [
      'two GPUs per pod on one-GPU nodes',
      (c: any) => (c.triton.gpusPerPod = 2),
      'triton.replicas.max: 8 pods x 2 GPU(s) do not fit eu-west-1, whose GPU pools reach 10 GPUs',
    ],
    [
      'a bucket prefix too long for the region',
      (c: any) => {
        c.environment = 'production-inference';
        c.triton.modelRepository.bucketNamePrefix = 'a-very-long-organisation';
        c.regions[1].name = 'ap-southeast-2';
        c.regions[1].availabilityZones[0].name = 'ap-southeast-2a';
        c.regions[1].availabilityZones[1].name = 'ap-southeast-2b';
        c.frontDoor.regions[1].name = 'ap-southeast-2';
      },
      'triton.modelRepository.bucketNamePrefix: "a-very-long-organisation" makes the ap-southeast-2 bucket "a-very-long-organisation-production-inference-models-ap-southeast-2" 67 characters long; S3 allows 63',
    ],
    ['a key prefix with a trailing slash', (c: any) => (c.triton.modelRepository.keyPrefix = 'triton/'), 'triton.modelRepository.keyPrefix: '],
    ['a front door in another namespace', (c: any) => (c.frontDoor.service.namespace = 'serving'), 'frontDoor.service.namespace: "serving" is not where Triton runs'],
  ])('rejects %s at the field path', (_name, change, expected) => {
    const problems = problemsOf(exampleWith(change));
    expect(problems.some((problem) => problem.startsWith(expected))).toBe(true);
  });

  it('does not bound replicas in a region with hybrid nodes whose gpuCount is unknown', () => {
    // Without hybridNodes.gpuCount the on-prem ceiling is unknown; with eu-west-1 grown to hold 40 pods, 40 replicas are accepted.
    const config = parseConfig(
      exampleWith((c) => {
        delete c.regions[0].hybridNodes.gpuCount;
        c.triton.replicas.max = 40;
        c.regions[1].gpuPools[1].maxSize = 20;
        c.maxGpus = 100;
      }),
    );
    expect(config.triton!.replicas.max).toBe(40);
  });

  it('counts hybridNodes.gpuCount in the replica check of a region with hybrid nodes', () => {
    const grown = (gpuCount: number) =>
      exampleWith((c) => {
        c.regions[0].hybridNodes.gpuCount = gpuCount;
        c.triton.replicas.max = 40;
        c.regions[1].gpuPools[1].maxSize = 20;
        c.maxGpus = 100;
      });
    // us-west-2's cloud pools reach 14 GPUs: 26 on-prem GPUs make room for 40 pods, 25 do not.
    expect(parseConfig(grown(26)).triton!.replicas.max).toBe(40);
    expect(problemsOf(grown(25))).toContain(
      "triton.replicas.max: 40 pods x 1 GPU(s) do not fit us-west-2, whose GPU pools reach 39 GPUs (baseline 2 x 1 GPUs; burst-spot 6 x 1 GPUs; burst-on-demand 6 x 1 GPUs; hybridNodes 25 GPUs), room for 39 pods; lower replicas.max, raise the pools' maxSize or hybridNodes.gpuCount",
    );
  });

  it('is optional: a fleet without triton parses', () => {
    expect(parseConfig(exampleWith((c) => { delete c.triton; delete c.gateway; })).triton).toBeUndefined();
  });
});
