/**
 * Required tags. A resource is tagged when the `default_tags` of its AWS provider (alias) plus its own
 * `tags` hold every required key with a non-empty literal value.
 *
 * Taggability comes from the provider schema as the prebuilt provider package exposes it: a resource type
 * is taggable when its generated config interface (node_modules/@cdktf/provider-aws/lib/<type>/index.d.ts)
 * has a `tags` argument. Only the types present in a stack are read, once per process. Types without
 * `tags` (attachments, associations, policies, routes, ...) cannot carry tags and are exempt; so are
 * resources of other providers (kubernetes, helm), which Kubernetes labels instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GuardrailRule, isLiteral, SynthesizedResource } from './rule';

/** The default tags Spillway's config requires when `guardrails.requiredTags` is not set. */
export const DEFAULT_REQUIRED_TAGS = ['Project', 'Owner'];

let providerLib: string | null | undefined;
const taggable = new Map<string, boolean>();

function awsProviderLib(): string | null {
  if (providerLib === undefined) {
    try {
      providerLib = path.join(path.dirname(require.resolve('@cdktf/provider-aws/package.json')), 'lib');
    } catch {
      providerLib = null;
    }
  }
  return providerLib;
}

/**
 * Whether an AWS resource type has a `tags` argument. Falls back to "has a tags attribute in its
 * synthesized config" when the provider package cannot be read.
 */
export function isTaggable(resource: SynthesizedResource): boolean {
  const known = taggable.get(resource.type);
  if (known !== undefined) return known;
  const lib = awsProviderLib();
  const file = lib && path.join(lib, resource.type.replace(/^aws_/, '').replace(/_/g, '-'), 'index.d.ts');
  let result: boolean;
  if (file && fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    const start = text.search(/export interface \w+Config extends cdktf\.TerraformMetaArguments \{/);
    const end = start < 0 ? -1 : text.indexOf('\n}', start);
    result = start >= 0 && /\n\s+readonly tags\?:/.test(text.slice(start, end < 0 ? undefined : end));
  } else {
    return 'tags' in resource.config;
  }
  taggable.set(resource.type, result);
  return result;
}

export const TAGGING_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-TAG-001',
    title: 'Every taggable AWS resource carries the required tags (cost allocation, ownership, incident routing).',
    fix: 'Add the missing keys to `tags` in the config file (they reach every resource through the provider default_tags), or to the resource\'s own tags.',
    appliesTo: ['*'],
    check: (resource, context) => {
      if (!resource.type.startsWith('aws_') || !isTaggable(resource)) return [];
      const own = resource.config.tags;
      const defaults = context.providerDefaultTags(resource);
      const tags: Record<string, unknown> = {
        ...(defaults && isLiteral(defaults) ? defaults : {}),
        ...(own && typeof own === 'object' ? own : {}),
      };
      const missing = context.requiredTags.filter((key) => {
        const value = tags[key];
        return typeof value !== 'string' || value === '';
      });
      return missing.length > 0 ? [`lacks required tag(s) ${missing.join(', ')} (own tags plus the provider's default_tags)`] : [];
    },
  },
];
