/**
 * A plan that `prevent_destroy` stops says only "Instance cannot be destroyed" for each resource. To tell a
 * reviewer what would have been replaced and which attribute forced it, the stack is planned once more with
 * `prevent_destroy` lifted for exactly those resources (a Terraform override file, removed afterwards). That
 * plan is only read, never saved where an apply could pick it up.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PlanJson } from '../summary/model';
import { terraformPlan, terraformShowJson, TerraformRunOptions } from './terraform-runner';

/** Terraform merges `*_override.tf.json` into the configuration, argument by argument inside `lifecycle`. */
export const EXPLAIN_OVERRIDE_FILE = 'spillway_explain_blocked_override.tf.json';

/** Addresses terraform refused to destroy, from its `-no-color` output. */
export function blockedByPreventDestroy(output: string): string[] {
  const text = output.replace(/^[│╷╵]\s?/gm, '').replace(/\s+/g, ' ');
  const found = [...text.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy set/g)].map((match) => match[1]);
  return [...new Set(found)];
}

/** The override lifting `prevent_destroy` for managed resources at the root (`type.name`, any index). */
export function liftPreventDestroy(addresses: readonly string[]): Record<string, unknown> {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const address of addresses) {
    const match = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?$/.exec(address);
    if (!match) continue; // A module address: cdktf stacks have none; leave it unexplained rather than guess.
    resource[match[1]] = { ...resource[match[1]], [match[2]]: { lifecycle: { prevent_destroy: false } } };
  }
  return { resource };
}

export interface ExplainOptions {
  readonly stackDir: string;
  readonly addresses: readonly string[];
  /** Where the explaining plan and its JSON go (beside, never instead of, the stack's plan file). */
  readonly planFile: string;
  readonly preview: boolean;
  readonly extraArgs?: readonly string[];
  readonly run: Omit<TerraformRunOptions, 'cwd'>;
}

/** The plan with `prevent_destroy` lifted for `addresses`, or undefined when terraform cannot make one either. */
export async function explainBlockedPlan(options: ExplainOptions): Promise<PlanJson | undefined> {
  const override = path.join(options.stackDir, EXPLAIN_OVERRIDE_FILE);
  const jsonFile = `${options.planFile}.json`;
  const run = { ...options.run, cwd: options.stackDir };
  fs.writeFileSync(override, `${JSON.stringify(liftPreventDestroy(options.addresses), null, 2)}\n`);
  try {
    const plan = await terraformPlan(options.planFile, { preview: options.preview, extraArgs: options.extraArgs }, run);
    if (plan.exitCode !== 0) return undefined;
    const show = await terraformShowJson(options.planFile, jsonFile, run);
    if (show.exitCode !== 0) return undefined;
    return JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as PlanJson;
  } finally {
    fs.rmSync(override, { force: true });
    for (const file of [options.planFile, jsonFile]) fs.rmSync(file, { force: true });
  }
}
