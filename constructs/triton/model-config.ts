/**
 * Triton model configuration (`config.pbtxt`, protobuf text format) generated from typed config: the model
 * repository as code. Pure functions, no constructs: InfraStack uploads the text, tests read it.
 */

/** Client tiers to Triton priority levels (1 is served first), as in `triton.tiers`. */
export type TierLevels = Readonly<Record<string, number>>;

/** A queue policy of one priority level. */
export interface QueuePolicy {
  readonly maxQueueSize: number;
  readonly timeoutMicroseconds: number;
}

/** One model's batching and queueing, as its config.pbtxt states them. */
export interface TritonModelSpec {
  /** The model's directory in the repository and what clients call. */
  readonly name: string;
  /** Exactly one of `platform` and `backend`. @default none */
  readonly platform?: string;
  /** @default none */
  readonly backend?: string;
  readonly maxBatchSize: number;
  /** Model instances per GPU. */
  readonly instanceCount: number;
  /** Empty: any batch size up to maxBatchSize. */
  readonly preferredBatchSizes: readonly number[];
  readonly maxQueueDelayMicroseconds: number;
  /** Per tier name: one entry for every tier. */
  readonly queuePolicy: Readonly<Record<string, QueuePolicy>>;
  /** @default the repository's defaultTier */
  readonly defaultTier?: string;
}

/** What the generated model repository holds: every model's config under one key prefix. */
export interface ModelRepositorySpec {
  readonly models: readonly TritonModelSpec[];
  readonly tiers: TierLevels;
  /** Tier of requests without a valid priority, unless a model names its own. */
  readonly defaultTier: string;
  /** Key prefix of the repository inside the bucket, without slashes at either end. */
  readonly keyPrefix: string;
}

/** The model's tier that requests without a valid priority fall into, and its level. */
export function defaultLevelOf(model: TritonModelSpec, tiers: TierLevels, defaultTier: string): number {
  const tier = model.defaultTier ?? defaultTier;
  const level = tiers[tier];
  if (level === undefined) throw new Error(`model ${model.name}: default tier "${tier}" is not one of ${Object.keys(tiers).join(', ')}`);
  return level;
}

/** Protobuf text-format string literal (double quotes, backslash escapes). */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function queuePolicyBody(policy: QueuePolicy, indent: string): string[] {
  return [
    `${indent}max_queue_size: ${policy.maxQueueSize}`,
    `${indent}default_timeout_microseconds: ${policy.timeoutMicroseconds}`,
    // Shed, do not wait: an expired request is answered at once (HTTP 503 / gRPC UNAVAILABLE) and the client retries.
    `${indent}timeout_action: REJECT`,
    // A client may ask for a shorter timeout per request (Triton never lets it exceed the configured one).
    `${indent}allow_timeout_override: true`,
  ];
}

/**
 * The config.pbtxt of one model: name, platform or backend, max_batch_size, a KIND_GPU instance group and a
 * dynamic batcher with preferred batch sizes, the max queue delay, one priority level per tier (level 1 first),
 * the default level, and per level a bounded queue whose expired requests are rejected.
 */
export function renderModelConfig(model: TritonModelSpec, tiers: TierLevels, defaultTier: string): string {
  const byLevel = Object.entries(tiers).sort(([, a], [, b]) => a - b);
  const levels = byLevel.length;
  const defaultLevel = defaultLevelOf(model, tiers, defaultTier);
  const defaultPolicy = model.queuePolicy[model.defaultTier ?? defaultTier];

  const lines: string[] = [`name: ${quote(model.name)}`];
  if (model.platform !== undefined) lines.push(`platform: ${quote(model.platform)}`);
  if (model.backend !== undefined) lines.push(`backend: ${quote(model.backend)}`);
  lines.push(`max_batch_size: ${model.maxBatchSize}`);
  lines.push('instance_group [', '  {', `    count: ${model.instanceCount}`, '    kind: KIND_GPU', '  }', ']');
  lines.push('dynamic_batching {');
  if (model.preferredBatchSizes.length > 0) {
    lines.push(`  preferred_batch_size: [ ${[...model.preferredBatchSizes].sort((a, b) => a - b).join(', ')} ]`);
  }
  lines.push(`  max_queue_delay_microseconds: ${model.maxQueueDelayMicroseconds}`);
  lines.push(`  priority_levels: ${levels}`);
  lines.push(`  default_priority_level: ${defaultLevel}`);
  lines.push('  default_queue_policy {', ...queuePolicyBody(defaultPolicy, '    '), '  }');
  for (const [tier, level] of byLevel) {
    const policy = model.queuePolicy[tier];
    if (policy === undefined) throw new Error(`model ${model.name}: no queue policy for tier "${tier}"`);
    lines.push(`  # tier ${tier}`);
    lines.push('  priority_queue_policy {', `    key: ${level}`, '    value {', ...queuePolicyBody(policy, '      '), '    }', '  }');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Object key of a model's config.pbtxt in the model bucket. */
export function modelConfigKey(keyPrefix: string, modelName: string): string {
  return `${keyPrefix}/${modelName}/config.pbtxt`;
}

/** Every configured model's config.pbtxt, keyed by its object key. */
export function modelConfigs(repository: ModelRepositorySpec): Map<string, string> {
  return new Map(
    repository.models.map((model) => [modelConfigKey(repository.keyPrefix, model.name), renderModelConfig(model, repository.tiers, repository.defaultTier)]),
  );
}
