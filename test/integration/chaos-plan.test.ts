import * as fs from 'fs';
import * as path from 'path';
import { PlanJson } from '../../scripts/lib/plan-summary';
import { exampleInfraPlan } from './example-plan/example-plan';
import { infraStackName } from '../../model/names';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../config/load';
import { describeWithTerraform } from './terraform-fixtures';

/**
 * The chaos resources of the example under real terraform (the shared preview plan): terraform validated
 * every FIS template, alarm, topic and key against the provider schema before planning them.
 */
describeWithTerraform('chaos resources in the example plan (preview mode)', () => {
  let plan: PlanJson;
  /** The plan JSON terraform wrote (`terraform show -json`), outputs included. */
  let planFile: { output_changes?: Record<string, { after?: unknown }> };

  beforeAll(async () => {
    const result = await exampleInfraPlan();
    if (result.status !== 'planned') throw new Error(result.status === 'error' ? result.error : result.reason);
    const outcome = result.outcomes.find((candidate) => candidate.report.stack === infraStackName(loadConfig(EXAMPLE_CONFIG_PATH).environment))!;
    if (outcome.report.status !== 'planned') throw new Error(`not planned: ${JSON.stringify(outcome.report)}`);
    plan = outcome.report.plan;
    planFile = JSON.parse(fs.readFileSync(path.join(result.plansDir, `${outcome.report.stack}.json`), 'utf8'));
  }, 600_000);

  const after = (type: string) => plan.resource_changes!.filter((change) => change.type === type).map((change) => (change.change as { after?: any }).after);

  it('plans the eight experiment templates, each stopped by alarms, logging, and failing on empty targets', () => {
    const templates = after('aws_fis_experiment_template');
    expect(templates).toHaveLength(8);
    for (const template of templates) {
      expect(template.stop_condition.length).toBeGreaterThanOrEqual(3);
      expect(template.stop_condition.every((condition: any) => condition.source === 'aws:cloudwatch:alarm')).toBe(true);
      expect(template.log_configuration[0].log_schema_version).toBe(2);
      expect(template.experiment_options[0]).toEqual({ account_targeting: 'single-account', empty_target_resolution_mode: 'fail' });
    }
    const actionIds = new Set(templates.flatMap((template: any) => template.action.map((action: any) => action.action_id)));
    expect([...actionIds].sort()).toEqual([
      'aws:ec2:send-spot-instance-interruptions',
      'aws:eks:pod-delete',
      'aws:eks:terminate-nodegroup-instances',
      'aws:fis:wait',
      'aws:network:disrupt-connectivity',
    ]);
  });

  it('plans the alarms, encrypted topics and encrypted, bounded experiment log groups', () => {
    const alarms = after('aws_cloudwatch_metric_alarm');
    expect(alarms.map((alarm: any) => alarm.alarm_name).sort()).toEqual(
      ['eu-west-1', 'us-west-2'].flatMap((region) => ['accelerator-idle', 'nlb-grpc-healthy-targets', 'nlb-http-healthy-targets', 'nlb-target-resets'].map((name) => `spillway-example-${region}-${name}`)).sort(),
    );
    expect(after('aws_sns_topic').map((topic: any) => topic.name).sort()).toEqual(['spillway-example-eu-west-1-alarms', 'spillway-example-us-west-2-alarms']);
    const fisLogs = after('aws_cloudwatch_log_group').filter((group: any) => group.name.startsWith('/aws/fis/'));
    expect(fisLogs).toHaveLength(2);
    for (const group of fisLogs) expect(group.retention_in_days).toBe(90);
  });

  it('plans a start-command output per template', () => {
    const outputs = Object.keys(planFile.output_changes ?? {}).filter((name) => name.endsWith('-start-command'));
    expect(outputs.sort()).toEqual(['eu-west-1', 'us-west-2'].flatMap((region) => ['node', 'pod', 'spot', 'zone'].map((kind) => `${region}-fis-${kind}-start-command`)).sort());
  });
});
