/**
 * State left behind: a stack directory under `<outdir>/stacks/` that the app no longer synthesizes but that
 * still holds a local Terraform state file (the `local` backend keeps state there; the synth gate never
 * deletes it). That is what renaming `environment` or a stack does: the old stack's resources keep running,
 * unmanaged, while the renamed one plans to create them all again. The danger section lists each one.
 *
 * Only local state is found here. For an S3 backend the old state is under another key of the same
 * prefix: remote-state.ts lists it in real plans.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface OrphanedState {
  /** The stack directory's name: the old stack name. */
  readonly stack: string;
  /** The state file, relative to the display root. */
  readonly stateFile: string;
  /** Managed resources the state still holds. */
  readonly resources: number;
}

/** A state file proper; `.backup` copies are not counted twice. */
const STATE_FILE = /\.tfstate$/;

/** Managed resource instances in a state document (JSON text); data sources do not count. */
export function countManagedResources(stateJson: string): number {
  try {
    const state = JSON.parse(stateJson) as { resources?: { mode?: string; instances?: unknown[] }[] };
    return (state.resources ?? []).filter((resource) => resource.mode === 'managed').reduce((sum, resource) => sum + (resource.instances?.length ?? 0), 0);
  } catch {
    return 0; // Not a state file Terraform wrote: nothing to warn about.
  }
}

/** Stack directories not in `stacks` whose local state still holds managed resources. */
export function findOrphanedState(outdir: string, stacks: readonly string[], displayRoot: string = outdir): OrphanedState[] {
  const stacksDir = path.join(outdir, 'stacks');
  if (!fs.existsSync(stacksDir)) return [];
  const current = new Set(stacks);
  const found: OrphanedState[] = [];
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const dir = path.join(stacksDir, stack);
    if (current.has(stack) || !fs.statSync(dir).isDirectory()) continue;
    for (const entry of fs.readdirSync(dir).filter((name) => STATE_FILE.test(name)).sort()) {
      const file = path.join(dir, entry);
      const resources = countManagedResources(fs.readFileSync(file, 'utf8'));
      if (resources > 0) found.push({ stack, stateFile: path.relative(displayRoot, file) || file, resources });
    }
  }
  return found;
}
