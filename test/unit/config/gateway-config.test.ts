import { parseConfig } from '../../../config/load';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';

describe('gateway config', () => {
  it('accepts the example: limits for every tier, four levels, defaults filled in', () => {
    const gateway = parseConfig(exampleText).gateway!;
    expect(Object.keys(gateway.tiers)).toEqual(['premium', 'enterprise', 'free']);
    expect(gateway.tiers.free).toEqual({ requestsPerSecondPerKey: 5, requestsPerSecond: 200, concurrentRequestsPerKey: 2, maxQueuedRequests: 32, retryAfterSeconds: 5 });
    expect(gateway.levels['shed-free']).toEqual({ admitTiers: ['premium', 'enterprise'], disabledModels: [] });
    expect(gateway.defaultLevel).toBe('normal');
    expect(gateway.image).toEqual({ repository: 'docker.io/haproxytech/haproxy-alpine', tag: '3.2.9' });
  });

  it('fills defaults when only the tiers are given', () => {
    const gateway = parseConfig(
      exampleWith((config) => {
        config.gateway = { tiers: config.gateway.tiers };
      }),
    ).gateway!;
    expect(gateway.levels).toEqual({ normal: { disabledModels: [] } });
    expect(gateway.defaultLevel).toBe('normal');
    expect(gateway.queueTimeoutMilliseconds).toBe(1000);
    expect(gateway.maxJsonHeaderBytes).toBe(262144);
    expect(gateway.replicas).toEqual({ min: 2, max: 6 });
  });

  it.each([
    ['a tier without limits', (c: any) => delete c.gateway.tiers.free, 'gateway.tiers: has no limits for tier "free"; every tier needs a rate limit'],
    ['limits for an unknown tier', (c: any) => (c.gateway.tiers.gold = { ...c.gateway.tiers.free }), 'gateway.tiers.gold: "gold" is not a tier of triton.tiers; allowed: premium, enterprise, free'],
    ['a tier without a rate limit', (c: any) => delete c.gateway.tiers.free.requestsPerSecondPerKey, 'gateway.tiers.free.requestsPerSecondPerKey: '],
    [
      'a lower tier queued longer than a higher one',
      (c: any) => (c.gateway.tiers.free.maxQueuedRequests = 300),
      'gateway.tiers.free.maxQueuedRequests: 300 is above 256 of the higher tier "enterprise"',
    ],
    ['an unknown tier in a level', (c: any) => (c.gateway.levels['shed-free'].admitTiers = ['gold']), 'gateway.levels.shed-free.admitTiers[0]: "gold" is not a tier'],
    ['an unknown model in a level', (c: any) => (c.gateway.levels['core-models'].disabledModels = ['bert']), 'gateway.levels.core-models.disabledModels[0]: "bert" is not a model of triton.models; allowed: resnet50, text-embedder'],
    ['an unknown default level', (c: any) => (c.gateway.defaultLevel = 'panic'), 'gateway.defaultLevel: "panic" is not a level of gateway.levels; allowed: normal, shed-free, premium-only, core-models'],
    ['an unpinned image', (c: any) => (c.gateway.image.tag = '3.2'), 'gateway.image.tag: '],
    ['min above max replicas', (c: any) => (c.gateway.replicas = { min: 5, max: 3 }), 'gateway.replicas.min: 5 is above replicas.max 3'],
    ['a gateway without triton', (c: any) => delete c.triton, 'gateway: is set but `triton` is not'],
    ['an unknown key', (c: any) => (c.gateway.rateLimit = 5), 'gateway.rateLimit: unknown key; allowed keys: image, replicas, tiers'],
  ])('rejects %s', (_name, change, expected) => {
    expect(problemsOf(exampleWith(change)).join('\n')).toContain(expected);
  });
});
