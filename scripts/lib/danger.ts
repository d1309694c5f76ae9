/**
 * The summary's danger section: every destroy or replace of a stateful or identity-bearing resource,
 * with the attribute(s) that force a replacement (Terraform's `replace_paths`) and why it matters.
 * `npm run plan -- --fail-on-danger` exits non-zero when this list is not empty.
 *
 * Pure functions over the summary context: plan JSON in, a part of the summary document out.
 */
import { groupChanges } from '../summary/changes';
import type { PlannedStack, ResourceChangeRef, StackReport, SummaryContext, SummaryPart } from '../summary/model';
import { paragraph } from '../summary/model';

/**
 * Resource types whose destroy or replace loses data or an identity that cannot be recreated as it was,
 * each with one line on why it matters. Data, not code: add a type here and the danger section (and
 * `--fail-on-danger`) covers it. Keep it a superset of the types `prevent_destroy` protects
 * (constructs/guardrails/prevent-destroy.ts).
 */
export const DANGEROUS_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  aws_eks_cluster:
    'A new control plane: every workload, secret and service account in the cluster is gone, and its API endpoint and OIDC issuer change.',
  aws_eks_node_group: 'Its nodes are drained and terminated: the pods on them go down until a new group has joined.',
  aws_kms_key: 'Data encrypted under the key (EKS secrets, buckets, logs) becomes unreadable once the key deletion window ends.',
  aws_s3_bucket: 'The objects in it are lost, and the bucket name is free for anyone to claim.',
  aws_globalaccelerator_accelerator:
    'Its static anycast IPs change: clients, DNS records and firewall allow-lists pinned to the current IPs break.',
  aws_vpc: 'Subnets, endpoints, NAT gateways and the cluster inside it go with it; private addressing and attachments change.',
  aws_cloudfront_distribution: 'Its *.cloudfront.net domain name changes: DNS records and clients that use it break.',
  aws_lb: 'A new NLB ARN and DNS name: the accelerator endpoint groups must follow, and clients that use the NLB name break.',
  aws_secretsmanager_secret:
    "The gateway's API-key hashes go with it: every client key stops working in the region until the keys are restored (within the recovery window) or issued again.",
};

export interface DangerousChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  /** `orphaned`: a stack the app no longer has still holds resources in its state (address = the state file). */
  readonly kind: 'replace' | 'destroy' | 'orphaned';
  /** Terraform's action list, e.g. `["delete","create"]`. */
  readonly actions: readonly string[];
  /** Attributes forcing the replacement, rendered (`vpc_config[0].subnet_ids`); empty for a destroy. */
  readonly forcedBy: readonly string[];
  /** Terraform's `action_reason` in words, when it gave one. */
  readonly reason?: string;
  readonly why: string;
  /** `prevent_destroy` stopped the plan here: the apply cannot happen until the config changes back (or the protection is lifted). */
  readonly blocked?: boolean;
}

/** `["vpc_config", 0, "subnet_ids"]` -> `vpc_config[0].subnet_ids`. */
export function formatAttributePath(path: readonly (string | number)[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'an attribute cannot be updated in place',
  replace_because_tainted: 'the object is tainted',
  replace_by_request: 'requested with -replace',
  replace_by_triggers: 'replace_triggered_by',
  delete_because_no_resource_config: 'no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'count/for_each changed',
  delete_because_count_index: 'its count index is gone',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'its moved target is not in the configuration',
};

/** Terraform's `action_reason` in words (unknown reasons are shown as given). */
export function describeActionReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return ACTION_REASONS[reason] ?? reason;
}

function toDanger(stack: string, ref: ResourceChangeRef, types: Readonly<Record<string, string>>): DangerousChange | undefined {
  if ((ref.kind !== 'replace' && ref.kind !== 'destroy') || !ref.type) return undefined;
  const why = types[ref.type];
  if (why === undefined) return undefined;
  const reason = ref.deposed ? 'a deposed object left by an earlier create-before-destroy' : describeActionReason(ref.actionReason);
  return {
    stack,
    address: ref.address,
    type: ref.type,
    kind: ref.kind,
    actions: ref.actions,
    forcedBy: (ref.replacePaths ?? []).map(formatAttributePath),
    reason,
    why,
  };
}

/** Every dangerous change of the planned stacks, in stack order, replacements before destroys. */
export function findDangers(planned: readonly PlannedStack[], types: Readonly<Record<string, string>> = DANGEROUS_RESOURCE_TYPES): DangerousChange[] {
  const out: DangerousChange[] = [];
  for (const stack of planned) {
    for (const ref of [...stack.changes.replace, ...stack.changes.destroy]) {
      const danger = toDanger(stack.report.stack, ref, types);
      if (danger) out.push(danger);
    }
  }
  return out;
}

/**
 * What `prevent_destroy` stopped in the failed stacks, read from the plan made with it lifted
 * (scripts/lib/prevent-destroy.ts): only the blocked replacements and destroys, marked `blocked`.
 */
export function findBlockedDangers(
  failed: readonly Extract<StackReport, { status: 'failed' }>[],
  types: Readonly<Record<string, string>> = DANGEROUS_RESOURCE_TYPES,
): DangerousChange[] {
  const out: DangerousChange[] = [];
  for (const report of failed) {
    if (!report.blockedPlan) continue;
    const changes = groupChanges(report.blockedPlan);
    for (const ref of [...changes.replace, ...changes.destroy]) {
      const danger = toDanger(report.stack, ref, types);
      if (danger) out.push({ ...danger, blocked: true });
    }
  }
  return out;
}

/**
 * State left by stacks the app no longer has (an environment or stack renamed): its resources keep running
 * unmanaged, and a stack that now plans only creations is likely building them a second time.
 */
export function findOrphanedStateDangers(context: Pick<SummaryContext, 'planned' | 'input'>): DangerousChange[] {
  const onlyCreates = context.planned
    .filter((stack) => stack.counts.add > 0 && stack.counts.change + stack.counts.replace + stack.counts.destroy === 0)
    .map((stack) => {
      const location = context.input.stateLocations?.[stack.report.stack];
      return `\`${stack.report.stack}\`${location ? ` (state \`${location}\`)` : ''}`;
    });
  const twin = onlyCreates.length > 0 ? ` ${onlyCreates.join(', ')} plan${onlyCreates.length === 1 ? 's' : ''} only creations: if it was renamed from this stack, it would build them a second time.` : '';
  return (context.input.orphanedState ?? []).map((orphan) => ({
    stack: orphan.stack,
    address: orphan.stateFile,
    type: 'terraform state',
    kind: 'orphaned',
    actions: [],
    forcedBy: [],
    reason: `no longer in the app; its state holds ${orphan.resources} resource${orphan.resources === 1 ? '' : 's'}`,
    why:
      `Terraform no longer manages these resources: they keep running and costing money.${twin} ` +
      'Rename the stack back, move the state (`terraform state mv`, or import into the new stack), or destroy them from the old directory.',
  }));
}

/** Every dangerous change: planned ones, those `prevent_destroy` blocked, and state left by removed stacks. */
export function allDangers(context: Pick<SummaryContext, 'planned' | 'failed' | 'input'>): DangerousChange[] {
  return [...findDangers(context.planned), ...findBlockedDangers(context.failed), ...findOrphanedStateDangers(context)];
}

function actionText(danger: DangerousChange): string {
  if (danger.kind === 'orphaned') return '**state left behind**';
  if (danger.blocked) return `**${danger.kind}**, blocked by \`prevent_destroy\` (the plan failed)`;
  if (danger.kind === 'destroy') return '**destroy**';
  return danger.actions[0] === 'create' ? '**replace** (create, then destroy)' : '**replace** (destroy, then create)';
}

function forcedByText(danger: DangerousChange): string {
  if (danger.forcedBy.length > 0) return danger.forcedBy.map((p) => `\`${p}\``).join(', ');
  return danger.reason || '–';
}

export const DANGER_TITLE = 'Danger: stateful resources destroyed or replaced';

/**
 * The danger section. Never omitted: when nothing dangerous is planned it says so in one line (and that
 * stacks which were not planned were not checked).
 */
export function dangerSection(context: SummaryContext): SummaryPart {
  const dangers = allDangers(context);
  const explained = new Set(dangers.filter((danger) => danger.blocked).map((danger) => danger.stack));
  const unchecked = context.notPlanned.length + context.failed.filter((report) => !explained.has(report.stack)).length;
  const uncheckedNote = unchecked > 0 ? ` (${unchecked} stack${unchecked === 1 ? '' : 's'} not planned, so not checked)` : '';
  if (dangers.length === 0) {
    const noneNote = `No destroy or replace of stateful resources${context.planned.length === 0 ? ': no stack was planned' : ''}${uncheckedNote}.`;
    return { title: DANGER_TITLE, blocks: [paragraph(noneNote)] };
  }
  const intro =
    `**${dangers.length} destroy or replace of stateful or identity-bearing resources.** Review each one; ` +
    `\`npm run plan -- --fail-on-danger\` fails on this list${uncheckedNote}.`;
  return {
    title: `${DANGER_TITLE} (${dangers.length})`,
    blocks: [
      paragraph(intro),
      {
        kind: 'table',
        header: ['Stack', 'Resource', 'Action', 'Forced by', 'Why it matters'],
        rows: dangers.map((d) => [`\`${d.stack}\``, `\`${d.address}\``, actionText(d), forcedByText(d), d.why]),
      },
    ],
  };
}
