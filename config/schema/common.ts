/** Building blocks every config section uses: strict objects, CIDRs, tags, names, ARNs, field paths. */
import { z } from 'zod';
import { KNOWN_REGIONS } from '../../model/catalog/regions';
import { parseCidr } from '../../model/cidr';

/** A strict object whose unknown-key error lists the keys that are allowed. */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z
    .object(shape, {
      errorMap: (issue, ctx) =>
        issue.code === 'unrecognized_keys' ? { message: `unknown key; allowed keys: ${allowed}` } : { message: ctx.defaultError },
    })
    .strict();
}

export const cidrBlock = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `CIDR ${parsed}` });
});

/** A pod priority: Kubernetes priorities are int32, and a larger number would be written as `1e+21`, which no integer flag parses. */
const INT32_RANGE = 'a 32-bit signed integer (-2147483648 to 2147483647), as Kubernetes pod priorities are';
export const kubernetesPriority = z.number().int(INT32_RANGE).min(-2147483648, INT32_RANGE).max(2147483647, INT32_RANGE);

/** Tag keys and values as AWS accepts them (and not the reserved `aws:` prefix). */
export const tagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'tag keys may hold letters, digits, spaces and _ . : / = + - @')
  .refine((key) => !key.toLowerCase().startsWith('aws:'), 'tag keys must not start with the reserved prefix "aws:"');
export const tagValue = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'tag values may hold letters, digits, spaces and _ . : / = + - @');

/** S3 bucket naming rules (general purpose buckets). */
export const s3BucketName = z
  .string()
  .regex(
    /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'S3 bucket names are 3-63 characters of a-z, 0-9, "." and "-", start and end with a letter or digit, no "..", not an IP address',
  );

export const iamPrincipalArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/,
    'an IAM role or user ARN like arn:aws:iam::123456789012:role/platform-admin',
  );

export const awsRegion = z.enum(KNOWN_REGIONS as [string, ...string[]]);

/** An ACM certificate ARN; the region inside it is checked against where the certificate is used. */
export const ACM_CERTIFICATE_ARN = /^arn:aws:acm:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const acmCertificateArn = z
  .string()
  .regex(ACM_CERTIFICATE_ARN, 'an ACM certificate ARN like arn:aws:acm:us-west-2:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab');
/** The region part of a well-formed ACM certificate ARN. */
export function certificateRegion(arn: string): string | undefined {
  return ACM_CERTIFICATE_ARN.exec(arn)?.[1];
}

export const portNumber = z.number().int().min(1).max(65535);

export type Path = (string | number)[];
/** Reports one problem at the path of the field to fix; the message quotes the value. */
export type Fail = (path: Path, message: string) => void;

/** `regions[0].availabilityZones[1].name` from a zod path. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
