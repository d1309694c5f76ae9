/** Plan JSON -> the changes the summary reports, grouped by kind. Pure; no other summary file needed. */
import { CHANGE_KINDS, ChangeCounts, ChangeKind, ChangesByKind, PlanJson, ResourceChangeRef } from './model';

/**
 * One Terraform action list -> one kind. A replacement (`["delete","create"]` or, with
 * create_before_destroy, `["create","delete"]`) is a replace only, never also an add and a destroy.
 * `no-op`, `read` and anything else (e.g. `forget`) are not changes.
 */
export function classifyActions(actions: readonly string[]): ChangeKind | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
      return 'add';
    case 'update':
      return 'change';
    case 'delete':
      return 'destroy';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return undefined;
  }
}

/** Managed-resource changes grouped by kind, each group sorted by address. */
export function groupChanges(plan: PlanJson): ChangesByKind {
  const groups: Record<ChangeKind, ResourceChangeRef[]> = { add: [], change: [], replace: [], destroy: [] };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const kind = classifyActions(rc.change.actions);
    if (!kind) continue;
    groups[kind].push({
      address: rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address,
      kind,
      type: rc.type,
      actions: rc.change.actions,
      actionReason: rc.action_reason,
      replacePaths: rc.change.replace_paths,
      deposed: rc.deposed,
    });
  }
  for (const kind of CHANGE_KINDS) groups[kind].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return groups;
}

export function countChanges(changes: ChangesByKind): ChangeCounts {
  return { add: changes.add.length, change: changes.change.length, replace: changes.replace.length, destroy: changes.destroy.length };
}

export function summarizePlan(plan: PlanJson): { changes: ChangesByKind; counts: ChangeCounts } {
  const changes = groupChanges(plan);
  return { changes, counts: countChanges(changes) };
}

