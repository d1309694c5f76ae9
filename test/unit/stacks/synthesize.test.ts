/**
 * The one synth path through the guardrail gate, with the example config: what reaches the output
 * directory, and that nothing does when synth must stop.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GuardrailError } from '../../../constructs/guardrails/guardrails';
import { FleetConfig } from '../../../config/schema';
import { synthesizeFleet } from '../../../stacks/synthesize';
import { findOrphanedState } from '../../../scripts/lib/orphaned-state';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';
import { tempDir } from '../../support/temp-dir';

/** Every file under a directory with its content, for before/after comparisons. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

/** A fresh parent directory holding only `cdktf.out`, so leftovers of the gate would show. */
function freshOutdir(): string {
  return path.join(tempDir('spillway-gate-'), 'cdktf.out');
}

const withGuardrails = (change: Partial<FleetConfig['guardrails']>): FleetConfig => ({
  ...exampleConfig,
  guardrails: { ...exampleConfig.guardrails, ...change },
});

describe('synthesizeFleet', () => {
  const outdir = freshOutdir();
  const { guardrails } = synthesizeFleet(exampleConfig, { outdir });
  const written = tree(outdir);

  it('writes what a plain synth of the same stacks writes', () => {
    const plain = tree(synthesizedStacks().outdir);
    expect(Object.keys(written).sort()).toEqual(Object.keys(plain).sort());
    for (const file of Object.keys(plain).filter((name) => name.endsWith('.json'))) expect(written[file]).toEqual(plain[file]);
  });

  it('passes the example with every config waiver used, and the design exceptions waived in code', () => {
    expect(guardrails.violations).toEqual([]);
    expect(guardrails.unusedWaivers).toEqual([]);
    const fromCode = guardrails.waived.filter((entry) => entry.source === 'code');
    // The LB controller's documented policy, once per region served by the front door; the FIS log delivery
    // policy of each experiment role (SPW-IAM-002 and SPW-FIS-002), per region and experiment; and access
    // logging of the log buckets (each region's, the CDN's, the accelerator's), which would log the log deliveries.
    const regions = exampleConfig.frontDoor!.regions.map((region) => region.name).sort();
    const experiments = ['node', 'pod', 'spot', 'zone'];
    expect(fromCode.map((entry) => `${entry.ruleId} ${entry.address}`).sort()).toEqual(
      [
        ...regions.map((region) => `^SPW-IAM-002 aws_iam_role_policy\\.${region}-lb-controller-role_policy_`),
        ...['SPW-FIS-002', 'SPW-IAM-002'].flatMap((rule) =>
          regions.flatMap((region) => experiments.map((kind) => `^${rule} aws_iam_role_policy\\.${region}-fis-${kind}_role_log-delivery_policy_`)),
        ),
        '^SPW-S3-008 aws_s3_bucket\\.cdn_logs_bucket_',
        ...regions.map((region) => `^SPW-S3-008 aws_s3_bucket\\.${region}_log-bucket_logs_bucket_`),
        '^SPW-S3-008 aws_s3_bucket\\.front-door-accelerator_flow-logs_bucket_',
      ]
        .sort()
        .map((pattern) => expect.stringMatching(new RegExp(pattern))),
    );
    for (const entry of fromCode) expect(entry.reason).toMatch(/\S{10,}/);
    expect(guardrails.waived.filter((entry) => entry.source === 'config').length).toBeGreaterThan(0);
  });

  it('leaves no staging directory behind', () => {
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  it.each([
    ['an unwaived violation', withGuardrails({ requiredTags: ['NoSuchTag'] }), /SPW-TAG-001 [^\n]+\n {2}problem: lacks required tag\(s\) NoSuchTag/],
    [
      'a config waiver that matches nothing',
      withGuardrails({ waivers: [...exampleConfig.guardrails.waivers, { rule: 'SPW-EKS-001', resource: 'aws_eks_cluster.gone', reason: 'kept from an old layout' }] }),
      /waiver in guardrails.waivers matches nothing[\s\S]*- \{ rule: SPW-EKS-001, resource: "aws_eks_cluster.gone" \}/,
    ],
  ])('stops on %s and leaves the output directory as it was', (_name, config, message) => {
    let thrown: unknown;
    try {
      synthesizeFleet(config, { outdir });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GuardrailError);
    expect((thrown as GuardrailError).message).toMatch(message);
    expect(tree(outdir)).toEqual(written);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['cdktf.out']);
  });

  it('replaces stacks of an earlier synth, keeps local state, Terraform working state and what is not synth output', () => {
    const target = freshOutdir();
    const [stack] = Object.keys(written).filter((file) => file.endsWith('cdk.tf.json')).map((file) => path.dirname(file));
    const put = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
      fs.writeFileSync(path.join(target, file), text);
    };
    put('stacks/spillway-retired-stack/cdk.tf.json', '{}');
    // A stack the app no longer has, whose local state still describes real infrastructure.
    put('stacks/spillway-stateful-retired/cdk.tf.json', '{}');
    put('stacks/spillway-stateful-retired/terraform.spillway-stateful-retired.tfstate', 'state of a removed stack');
    // The local backend keeps each stack's state in its directory.
    put(`${stack}/terraform.${path.basename(stack)}.tfstate`, 'local state');
    put(`${stack}/terraform.${path.basename(stack)}.tfstate.backup`, 'local state backup');
    put(`${stack}/.terraform/terraform.tfstate`, 'initialized backend');
    put(`${stack}/.terraform.lock.hcl`, 'provider locks');
    put('plans/plan-summary.md', 'an earlier plan');
    synthesizeFleet(exampleConfig, { outdir: target });
    const after = tree(target);
    expect(Object.keys(after).some((file) => file.includes('spillway-retired-stack/'))).toBe(false);
    expect(after[`stacks/spillway-stateful-retired/terraform.spillway-stateful-retired.tfstate`]).toBe('state of a removed stack');
    expect(after[`${stack}/terraform.${path.basename(stack)}.tfstate`]).toBe('local state');
    expect(after[`${stack}/terraform.${path.basename(stack)}.tfstate.backup`]).toBe('local state backup');
    expect(after[`${stack}/cdk.tf.json`]).toEqual(written[`${stack}/cdk.tf.json`]);
    expect(after[`${stack}/.terraform/terraform.tfstate`]).toBe('initialized backend');
    expect(after[`${stack}/.terraform.lock.hcl`]).toBe('provider locks');
    expect(after['plans/plan-summary.md']).toBe('an earlier plan');
    expect(after['manifest.json']).toEqual(written['manifest.json']);
  });

  it('keeps the state of a stack renamed away (environment renamed), and the plan summary reports it left behind', () => {
    const target = freshOutdir();
    synthesizeFleet(exampleConfig, { outdir: target });
    const oldInfra = `spillway-${exampleConfig.environment}-infra`;
    const stateFile = path.join(target, 'stacks', oldInfra, `terraform.${oldInfra}.tfstate`);
    fs.writeFileSync(stateFile, JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'aws_vpc', name: 'v', instances: [{}] }] }));
    const renamed = synthesizeFleet({ ...exampleConfig, environment: 'production' }, { outdir: target });
    const current = [renamed.infra, ...renamed.workloads].map((stack) => stack.node.id);
    expect(fs.existsSync(stateFile)).toBe(true);
    expect(findOrphanedState(target, current)).toEqual([{ stack: oldInfra, stateFile: path.relative(target, stateFile), resources: 1 }]);
  });
});
