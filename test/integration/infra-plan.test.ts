import * as fs from 'fs';
import * as path from 'path';
import { readManifest, StackInfo } from '../../scripts/lib/plan-stacks';
import { PlanJson } from '../../scripts/lib/plan-summary';
import { exampleInfraPlan, ExamplePlanResult } from './example-plan/example-plan';

type ExamplePlan = Extract<ExamplePlanResult, { status: 'planned' }>;
import { infraStackName } from '../../model/names';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../config/load';
import { describeWithTerraform } from './terraform-fixtures';

/**
 * The real thing: `terraform plan` (which validates the configuration first) of the example's InfraStack,
 * synthesized by main.ts, in preview mode (mock credentials, skip_* flags, provider from the mirror), as
 * `npm run plan` runs it. The plan is the one the global setup made for every integration test.
 */
describeWithTerraform('InfraStack of the example under real terraform (preview mode)', () => {
  let plan: PlanJson;
  let stack: StackInfo;
  let plansDir: string;
  let outcomes: ExamplePlan['outcomes'];

  beforeAll(async () => {
    const result = await exampleInfraPlan();
    if (result.status !== 'planned') throw new Error(result.status === 'error' ? result.error : result.reason);
    const outcome = result.outcomes.find((candidate) => candidate.report.stack === infraStackName(loadConfig(EXAMPLE_CONFIG_PATH).environment))!;
    if (outcome.report.status !== 'planned') throw new Error(`not planned: ${JSON.stringify(outcome.report)}`);
    plan = outcome.report.plan;
    stack = readManifest(result.outdir).find((candidate) => candidate.name === outcome.report.stack)!;
    ({ plansDir, outcomes } = result);
  }, 600_000);

  it('is a complete plan (terraform plan validates every attribute against the provider schema first)', () => {
    expect(plan.errored).toBe(false);
    expect(plan.format_version).toMatch(/^1\./);
  });

  it('plans only creations, and every piece the issues ask for', () => {
    const actions = new Set(plan.resource_changes!.flatMap((change) => change.change.actions));
    expect([...actions]).toEqual(['create']);
    const types = new Set(plan.resource_changes!.map((change) => change.type));
    for (const type of [
      'aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_vpc_endpoint', 'aws_eks_cluster', 'aws_kms_key', 'aws_eks_addon',
      'aws_eks_access_entry', 'aws_eks_node_group', 'aws_launch_template', 'aws_autoscaling_group_tag', 'aws_autoscaling_schedule',
      'aws_vpn_connection', 'aws_lb', 'aws_lb_target_group', 'aws_globalaccelerator_accelerator', 'aws_globalaccelerator_endpoint_group',
      'aws_cloudfront_distribution', 'aws_cloudfront_origin_access_control', 'aws_wafv2_web_acl', 'aws_s3_object',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('plans private, encrypted clusters', () => {
    const clusters = plan.resource_changes!.filter((change) => change.type === 'aws_eks_cluster');
    expect(clusters).toHaveLength(2);
    for (const cluster of clusters) {
      const after = (cluster.change as { after?: any }).after;
      expect(after.vpc_config[0]).toMatchObject({ endpoint_public_access: false, endpoint_private_access: true });
      expect(after.encryption_config[0].resources).toEqual(['secrets']);
    }
  });

  it('wrote the plan file and its JSON', () => {
    expect(fs.existsSync(path.join(plansDir, `${stack.name}.tfplan`))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(plansDir, `${stack.name}.json`), 'utf8')).format_version).toBeDefined();
  });

  it('reports each workloads stack as not planned in preview mode, saying it needs the applied InfraStack', () => {
    const workloads = outcomes.filter((outcome) => outcome.report.stack !== stack.name);
    expect(workloads.length).toBeGreaterThan(0);
    for (const { report } of workloads) {
      expect(report.status).toBe('not-planned');
      if (report.status === 'not-planned') expect(report.reasons).toContainEqual(expect.stringMatching(new RegExp(`^depends on ${stack.name}, which was only previewed`)));
    }
  });
});
