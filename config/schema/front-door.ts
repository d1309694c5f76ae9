/** `frontDoor`: Global Accelerator in front of a Terraform-owned NLB per region. */
import { z } from 'zod';
import { acmCertificateArn, awsRegion, cidrBlock, portNumber, s3BucketName, strictObject } from './common';

export const frontDoorRegionSchema = strictObject({
  /** A configured region (`regions[].name`) whose cluster gets an NLB and a Global Accelerator endpoint group. */
  name: awsRegion,
  /**
   * `internal` puts the NLB in the private subnets, reachable only through the accelerator (and from inside
   * the VPC); `internet-facing` puts it in the public subnets. @default internal
   */
  scheme: z.enum(['internal', 'internet-facing']).default('internal'),
  /**
   * Sources the NLB's security group admits on exactly the listener ports. With client IP preservation these
   * are the real client addresses (use 0.0.0.0/0 for a public API); without it, the accelerator's addresses.
   */
  allowedSourceCidrs: z.array(cidrBlock).min(1),
  /**
   * ACM certificate ARN in this region: adds a TLS listener on `frontDoor.tlsPort` that forwards to the HTTP
   * target group. Not allowed with `accelerator.clientIpPreservation: true`. @default no TLS listener
   */
  tlsCertificateArn: acmCertificateArn.optional(),
  /** Weight of this region's NLB in its endpoint group, 0-255 (0 sends it nothing). @default 128 */
  weight: z.number().int().min(0).max(255).default(128),
  /**
   * Share of the traffic that the accelerator would route to this region that it actually sends here, 0-100.
   * Lower it to drain a region; the rest goes to the next-nearest healthy region. @default 100
   */
  trafficDialPercentage: z.number().int().min(0).max(100).default(100),
});

export const frontDoorSchema = strictObject({
  /**
   * The Service the target groups bind to (TargetGroupBinding): Triton's, by name, namespace and ports. With
   * `gateway`, the bindings take the gateway's Service (`inference-gateway`, same port numbers) instead.
   */
  service: strictObject({
    /** @default triton-inference-server */
    name: z
      .string()
      .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes Service name (DNS-1035 label)')
      .default('triton-inference-server'),
    /** @default inference */
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes namespace name (DNS-1123 label)')
      .default('inference'),
    /**
     * Triton's ports, used as Service port, target port, NLB listener port and accelerator listener port alike.
     * The NLB health check is HTTP `/v2/health/ready` on the `http` port; with `gateway`, the gateway's
     * `/healthz` on 8402 (200 while a Triton pod is up).
     */
    ports: strictObject({
      /** @default 8000 */
      http: portNumber.default(8000),
      /** @default 8001 */
      grpc: portNumber.default(8001),
    }).default({}),
  }).default({}),
  /** Listener port of the optional TLS listener (regions with `tlsCertificateArn`). @default 443 */
  tlsPort: portNumber.default(443),
  /** Seconds a deregistering pod keeps its open connections before the NLB closes them. @default 60 */
  deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(60),
  accelerator: strictObject({
    /**
     * `DUAL_STACK` needs dual-stack endpoints, and a dual-stack NLB behind a dual-stack accelerator cannot use
     * `ip` target groups, which the TargetGroupBinding needs; so only IPV4 is accepted today. @default IPV4
     */
    ipAddressType: z.enum(['IPV4', 'DUAL_STACK']).default('IPV4'),
    /** `SOURCE_IP` keeps a client (its gRPC streams and retries) on one region; `NONE` spreads by 5-tuple. @default SOURCE_IP */
    clientAffinity: z.enum(['SOURCE_IP', 'NONE']).default('SOURCE_IP'),
    /** Pass the client's IP to the NLB (needs its security group; not possible with a TLS listener). @default false */
    clientIpPreservation: z.boolean().default(false),
    flowLogs: strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** Days before flow log objects expire. @default 90 */
      retentionDays: z.number().int().min(1).max(3650).default(90),
      /** Bucket name; a unique name with prefix `spillway-<environment>-galog-` when absent. */
      bucketName: s3BucketName.optional(),
    }).default({}),
  }).default({}),
  /** One entry per region that serves the API; a configured region left out gets no NLB and no endpoint group. */
  regions: z.array(frontDoorRegionSchema).min(1),
});
