import { parseConfig } from '../../../config/load';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';

const CERT = (region: string) => `arn:aws:acm:${region}:111122223333:certificate/12345678-1234-1234-1234-123456789012`;


describe('frontDoor config', () => {
  it('fills the example with defaults', () => {
    const config = parseConfig(exampleText);
    expect(config.frontDoor?.service).toEqual({ name: 'triton-inference-server', namespace: 'inference', ports: { http: 8000, grpc: 8001 } });
    expect(config.frontDoor?.regions.map((region) => [region.name, region.scheme, region.weight, region.trafficDialPercentage])).toEqual([
      ['us-west-2', 'internal', 128, 100],
      ['eu-west-1', 'internal', 128, 100],
    ]);
    expect(config.frontDoor?.accelerator).toMatchObject({ clientAffinity: 'SOURCE_IP', clientIpPreservation: true, ipAddressType: 'IPV4' });
  });

  it('rejects a TLS listener together with client IP preservation', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.regions[0].tlsCertificateArn = CERT('us-west-2'))));
    expect(problems).toEqual([
      expect.stringMatching(/^frontDoor\.accelerator\.clientIpPreservation: true cannot be combined with the TLS listener of frontDoor\.regions\[0\] \(us-west-2\)/),
    ]);
  });

  it('accepts a TLS listener without client IP preservation', () => {
    const config = parseConfig(
      exampleWith((config) => {
        config.frontDoor.regions[0].tlsCertificateArn = CERT('us-west-2');
        config.frontDoor.accelerator.clientIpPreservation = false;
      }),
    );
    expect(config.frontDoor?.regions[0].tlsCertificateArn).toBe(CERT('us-west-2'));
  });

  it('rejects a traffic dial of 101 at its path', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.regions[1].trafficDialPercentage = 101)));
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.regions\[1\]\.trafficDialPercentage: .*100.*\(got 101\)$/)]);
  });

  it('rejects a weight above 255', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.regions[0].weight = 256)));
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.regions\[0\]\.weight: .*255.*\(got 256\)$/)]);
  });

  it('rejects a duplicate port', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.service.ports.grpc = 8000)));
    expect(problems).toEqual(['frontDoor.service.ports.grpc: 8000 is already the http port; each listener port must be unique']);
  });

  it('rejects a TLS port equal to a Triton port', () => {
    const problems = problemsOf(
      exampleWith((config) => {
        config.frontDoor.accelerator.clientIpPreservation = false;
        config.frontDoor.regions[0].tlsCertificateArn = CERT('us-west-2');
        config.frontDoor.tlsPort = 8001;
      }),
    );
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.tlsPort: 8001 is already a Triton port/)]);
  });

  it('rejects a port outside 1-65535', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.service.ports.http = 70000)));
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.service\.ports\.http: .*\(got 70000\)$/)]);
  });

  it('rejects an NLB certificate from another region', () => {
    const problems = problemsOf(
      exampleWith((config) => {
        config.frontDoor.accelerator.clientIpPreservation = false;
        config.frontDoor.regions[1].tlsCertificateArn = CERT('us-west-2');
      }),
    );
    expect(problems).toEqual([
      `frontDoor.regions[1].tlsCertificateArn: "${CERT('us-west-2')}" is in us-west-2; the NLB in eu-west-1 needs an ACM certificate from eu-west-1`,
    ]);
  });

  it('rejects a malformed certificate ARN', () => {
    const problems = problemsOf(
      exampleWith((config) => {
        config.frontDoor.accelerator.clientIpPreservation = false;
        config.frontDoor.regions[0].tlsCertificateArn = 'arn:aws:acm:us-west-2:1:certificate/x';
      }),
    );
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.regions\[0\]\.tlsCertificateArn: an ACM certificate ARN like /)]);
  });

  it('rejects a front-door region that is not configured, and a region listed twice', () => {
    const problems = problemsOf(
      exampleWith((config) => {
        config.frontDoor.regions[1].name = 'us-west-2';
        config.frontDoor.regions.push({ name: 'eu-central-1', allowedSourceCidrs: ['0.0.0.0/0'] });
      }),
    );
    expect(problems).toEqual([
      'frontDoor.regions[1].name: "us-west-2" is already listed at frontDoor.regions[0]',
      'frontDoor.regions[2].name: "eu-central-1" is not a configured region; allowed: us-west-2, eu-west-1',
    ]);
  });

  it('rejects DUAL_STACK with the reason', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.accelerator.ipAddressType = 'DUAL_STACK')));
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.accelerator\.ipAddressType: "DUAL_STACK" is not supported: .*ip target groups/)]);
  });

  it('rejects unknown keys', () => {
    const problems = problemsOf(exampleWith((config) => (config.frontDoor.accelerator.stickiness = true)));
    expect(problems).toEqual([expect.stringMatching(/^frontDoor\.accelerator\.stickiness: unknown key; allowed keys: /)]);
  });
});

describe('cdn config', () => {
  it('fills the example with defaults', () => {
    const config = parseConfig(exampleText);
    expect(config.cdn).toMatchObject({ aliases: [], immutablePathPatterns: ['/models/*', '/static/v*/*'], waf: { rateLimitPer5Minutes: 2000 } });
  });

  it.each([
    [9, 'rateLimitPer5Minutes'],
    [2_000_000_001, 'rateLimitPer5Minutes'],
  ])('rejects a WAF rate limit of %d', (limit) => {
    const problems = problemsOf(exampleWith((config) => (config.cdn.waf.rateLimitPer5Minutes = limit)));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^cdn\\.waf\\.rateLimitPer5Minutes: .*\\(got ${limit}\\)$`))]);
  });

  it('accepts the WAF bounds 10 and 2,000,000,000', () => {
    for (const limit of [10, 2_000_000_000]) {
      expect(parseConfig(exampleWith((config) => (config.cdn.waf.rateLimitPer5Minutes = limit))).cdn?.waf.rateLimitPer5Minutes).toBe(limit);
    }
  });

  it('rejects a CloudFront certificate outside us-east-1', () => {
    const problems = problemsOf(
      exampleWith((config) => {
        config.cdn.aliases = ['cdn.example.com'];
        config.cdn.certificateArn = CERT('us-west-2');
      }),
    );
    expect(problems).toEqual([`cdn.certificateArn: "${CERT('us-west-2')}" is in us-west-2; CloudFront only uses ACM certificates from us-east-1`]);
  });

  it('requires a certificate for aliases', () => {
    const problems = problemsOf(exampleWith((config) => (config.cdn.aliases = ['cdn.example.com'])));
    expect(problems).toEqual([expect.stringMatching(/^cdn\.certificateArn: is missing; aliases cdn\.example\.com need/)]);
  });

  it('rejects an invalid bucket name', () => {
    const problems = problemsOf(exampleWith((config) => (config.cdn.bucketNames = { artifacts: 'Bad_Bucket' })));
    expect(problems).toEqual([expect.stringMatching(/^cdn\.bucketNames\.artifacts: S3 bucket names are 3-63 characters/)]);
  });

  it('rejects a mutable default TTL above the maximum', () => {
    const problems = problemsOf(exampleWith((config) => (config.cdn.ttlSeconds = { mutableDefault: 600, mutableMax: 300 })));
    expect(problems).toEqual([expect.stringMatching(/^cdn\.ttlSeconds\.mutableDefault: 600 is above ttlSeconds\.mutableMax 300/)]);
  });
});
