/** Cross-field rules of `frontDoor` and `cdn`. */
import { certificateRegion, Fail } from '../schema/common';
import type { FleetConfig } from '../schema';

/** Cross-field rules of `frontDoor` and `cdn` (issue 4). */
export function validateEdge(config: FleetConfig, fail: Fail): void {
  const frontDoor = config.frontDoor;
  if (frontDoor) {
    const accelerator = frontDoor.accelerator;
    if (accelerator.ipAddressType === 'DUAL_STACK') {
      fail(
        ['frontDoor', 'accelerator', 'ipAddressType'],
        '"DUAL_STACK" is not supported: a dual-stack accelerator needs dual-stack NLB endpoints, and those cannot use the ip target groups Triton pods register in; use IPV4',
      );
    }
    const ports = frontDoor.service.ports;
    if (ports.grpc === ports.http) {
      fail(['frontDoor', 'service', 'ports', 'grpc'], `${ports.grpc} is already the http port; each listener port must be unique`);
    }
    const configured = config.regions.map((region) => region.name);
    const seen = new Map<string, number>();
    frontDoor.regions.forEach((entry, index) => {
      const path = ['frontDoor', 'regions', index];
      if (!configured.includes(entry.name)) {
        fail([...path, 'name'], `"${entry.name}" is not a configured region; allowed: ${configured.join(', ')}`);
      }
      const earlier = seen.get(entry.name);
      if (earlier !== undefined) fail([...path, 'name'], `"${entry.name}" is already listed at frontDoor.regions[${earlier}]`);
      seen.set(entry.name, index);
      if (entry.tlsCertificateArn === undefined) return;
      // A malformed ARN is already reported at its own field.
      const certRegion = certificateRegion(entry.tlsCertificateArn);
      if (certRegion !== undefined && certRegion !== entry.name) {
        fail(
          [...path, 'tlsCertificateArn'],
          `"${entry.tlsCertificateArn}" is in ${certRegion}; the NLB in ${entry.name} needs an ACM certificate from ${entry.name}`,
        );
      }
      if (frontDoor.tlsPort === ports.http || frontDoor.tlsPort === ports.grpc) {
        fail(['frontDoor', 'tlsPort'], `${frontDoor.tlsPort} is already a Triton port (http ${ports.http}, grpc ${ports.grpc}); each listener port must be unique`);
      }
      if (accelerator.clientIpPreservation) {
        fail(
          ['frontDoor', 'accelerator', 'clientIpPreservation'],
          `true cannot be combined with the TLS listener of frontDoor.regions[${index}] (${entry.name}): Global Accelerator does not preserve client IPs for NLBs with TLS listeners; set clientIpPreservation: false or remove tlsCertificateArn`,
        );
      }
    });
  }

  const cdn = config.cdn;
  if (cdn) {
    if (cdn.certificateArn !== undefined) {
      const certRegion = certificateRegion(cdn.certificateArn);
      if (certRegion !== undefined && certRegion !== 'us-east-1') {
        fail(['cdn', 'certificateArn'], `"${cdn.certificateArn}" is in ${certRegion}; CloudFront only uses ACM certificates from us-east-1`);
      }
      if (cdn.aliases.length === 0) fail(['cdn', 'aliases'], 'is empty; a certificateArn is only used with at least one alias');
    } else if (cdn.aliases.length > 0) {
      fail(['cdn', 'certificateArn'], `is missing; aliases ${cdn.aliases.join(', ')} need an ACM certificate in us-east-1 that covers them`);
    }
    const patterns = new Map<string, number>();
    cdn.immutablePathPatterns.forEach((pattern, index) => {
      const earlier = patterns.get(pattern);
      if (earlier !== undefined) fail(['cdn', 'immutablePathPatterns', index], `"${pattern}" is already listed at immutablePathPatterns[${earlier}]`);
      patterns.set(pattern, index);
    });
    if (cdn.ttlSeconds.mutableDefault > cdn.ttlSeconds.mutableMax) {
      fail(
        ['cdn', 'ttlSeconds', 'mutableDefault'],
        `${cdn.ttlSeconds.mutableDefault} is above ttlSeconds.mutableMax ${cdn.ttlSeconds.mutableMax}; the default TTL must not exceed the maximum`,
      );
    }
    // Bucket names (here and across the fleet) are checked for uniqueness in buckets.ts.
  }
}
