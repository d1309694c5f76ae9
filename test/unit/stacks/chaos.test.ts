import { Testing } from 'cdktf';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';
import { checkGuardrails } from '../../../constructs/guardrails/guardrails';
import { codeWaiversOf } from '../../../constructs/guardrails/waivers';
import { podDeleteRuns } from '../../../stacks/chaos';
import { parseConfig } from '../../../config/load';
import { exampleWith } from '../../support/example-variants';

const { app, infra, workloads } = synthesizedStacks();
const json = JSON.parse(Testing.synth(infra));
const resources = (type: string): [string, any][] => Object.entries(json.resource[type] ?? {});
/** A policy whose Terraform expressions (the account id) are replaced, so it parses as JSON. */
const parsePolicy = (text: string) => JSON.parse(text.replace(/\$\{[^}]*\}/g, 'EXPR'));
const regionOf = (resource: any) => json.provider.aws.find((provider: any) => `aws.${provider.alias}` === resource.provider)?.region;

describe('chaos in the example InfraStack', () => {
  const templates = resources('aws_fis_experiment_template');
  const alarms = resources('aws_cloudwatch_metric_alarm');

  it('has the four experiment templates in each front-door region', () => {
    expect(templates.map(([, template]) => `${regionOf(template)} ${template.tags.Name}`).sort()).toEqual(
      ['us-west-2', 'eu-west-1'].flatMap((region) => ['node', 'pod', 'spot', 'zone'].map((kind) => `${region} spillway-example-${region}-fis-${kind}`)).sort(),
    );
  });

  it('stops every template only on alarms of its own region: the NLB alarms, and in us-west-2 the accelerator alarm', () => {
    for (const [, template] of templates) {
      const region = regionOf(template);
      const stoppedBy = template.stop_condition.map((condition: any) => {
        expect(condition.source).toBe('aws:cloudwatch:alarm');
        const [, address] = /^\$\{aws_cloudwatch_metric_alarm\.([^.]+)\.arn\}$/.exec(condition.value)!;
        const alarm = json.resource.aws_cloudwatch_metric_alarm[address];
        expect(regionOf(alarm)).toBe(region);
        return alarm.alarm_name.replace(`spillway-example-${region}-`, '');
      });
      const expected = ['nlb-http-healthy-targets', 'nlb-grpc-healthy-targets', 'nlb-target-resets', ...(region === 'us-west-2' ? ['accelerator-idle'] : [])];
      expect(stoppedBy.sort()).toEqual(expected.sort());
    }
  });

  it('puts the accelerator alarms of every region in us-west-2, where Global Accelerator metrics are', () => {
    const accelerator = alarms.filter(([, alarm]) => alarm.alarm_name.endsWith('accelerator-idle'));
    expect(accelerator.map(([, alarm]) => [alarm.alarm_name, regionOf(alarm)]).sort()).toEqual([
      ['spillway-example-eu-west-1-accelerator-idle', 'us-west-2'],
      ['spillway-example-us-west-2-accelerator-idle', 'us-west-2'],
    ]);
  });

  /** The key policy behind a key reference (CustomerKey hands out the ARN through its aws_kms_key_policy). */
  const keyPolicyOf = (reference: string) => {
    const [, address] = /aws_kms_key_policy\.([^.]+)\.key_id/.exec(reference)!;
    return parsePolicy(json.resource.aws_kms_key_policy[address].policy);
  };

  it('notifies each region\'s encrypted SNS topic, whose key lets CloudWatch publish', () => {
    for (const [, alarm] of alarms) {
      const [topicAddress] = /aws_sns_topic\.[^.]+/.exec(alarm.alarm_actions[0])!;
      const topic = json.resource.aws_sns_topic[topicAddress.split('.')[1]];
      expect(regionOf(topic)).toBe(regionOf(alarm));
      const policy = keyPolicyOf(topic.kms_master_key_id);
      expect(policy.Statement.map((statement: any) => statement.Principal)).toContainEqual({ Service: 'cloudwatch.amazonaws.com' });
    }
  });

  it('encrypts the experiment logs with the region\'s customer key, which CloudWatch Logs of the region may use for log groups only', () => {
    for (const [, group] of resources('aws_cloudwatch_log_group').filter(([, group]) => group.name.startsWith('/aws/fis/'))) {
      expect(group.retention_in_days).toBe(exampleConfig.chaos!.logRetentionDays);
      const region = regionOf(group);
      const statement = keyPolicyOf(group.kms_key_id).Statement.find((entry: any) => entry.Principal?.Service === `logs.${region}.amazonaws.com`);
      expect(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(new RegExp(`^arn:.*:logs:${region}:.*:log-group:\\*$`));
    }
  });

  it('outputs a ready-to-run start command per template', () => {
    for (const [address, template] of templates) {
      const kind = template.tags.Name.split('-fis-')[1];
      const output = json.output[`${regionOf(template)}-fis-${kind}-start-command`];
      expect(output.value).toBe(`aws fis start-experiment --region ${regionOf(template)} --experiment-template-id \${aws_fis_experiment_template.${address}.id}`);
    }
  });

  it('passes every guardrail, the FIS rules included', () => {
    const report = checkGuardrails([infra, ...workloads], { waivers: exampleConfig.guardrails.waivers, requiredTags: exampleConfig.guardrails.requiredTags, codeWaivers: codeWaiversOf(app) });
    expect(report.violations).toEqual([]);
  });
});

describe('chaos in the workloads stacks', () => {
  it('creates the pod-delete RBAC exactly where the pod-delete template exists', () => {
    for (const stack of workloads) {
      const synth = JSON.parse(Testing.synth(stack));
      expect(Object.keys(synth.resource.kubernetes_role_binding_v1 ?? {})).toHaveLength(1);
    }
    const withoutPodDelete = parseConfig(exampleWith((config) => delete config.chaos.experiments.podDelete));
    expect(withoutPodDelete.regions.map((region) => podDeleteRuns(withoutPodDelete, region.name))).toEqual([false, false]);
    expect(exampleConfig.regions.map((region) => podDeleteRuns(exampleConfig, region.name))).toEqual([true, true]);
  });
});

describe('experiments without targets', () => {
  it('are not created: no pod template or RBAC without triton, no spot template without spot pools', () => {
    const noTriton = synthesizedStacks(parseConfig(exampleWith((config) => { delete config.triton; delete config.gateway; })));
    const names = (stack: any) => Object.values<any>(JSON.parse(Testing.synth(stack)).resource.aws_fis_experiment_template).map((template) => template.tags.Name.split('-fis-')[1]);
    expect(names(noTriton.infra).sort()).toEqual(['node', 'node', 'spot', 'spot', 'zone', 'zone']);
    for (const stack of noTriton.workloads) expect(JSON.parse(Testing.synth(stack)).resource.kubernetes_role_binding_v1).toBeUndefined();
    const onDemand = synthesizedStacks(
      parseConfig(
        exampleWith((config) => {
          config.regions.forEach((region: any) => region.gpuPools.forEach((pool: any) => (pool.capacity = 'on-demand')));
          config.triton.replicas.max = 6;
        }),
      ),
    );
    expect(names(onDemand.infra)).not.toContain('spot');
  });
});

describe('without chaos', () => {
  it('creates no alarms, alarm topics or experiment templates', () => {
    const { infra: plain } = synthesizedStacks(parseConfig(exampleWith((config) => delete config.chaos)));
    const synth = JSON.parse(Testing.synth(plain));
    for (const type of ['aws_fis_experiment_template', 'aws_cloudwatch_metric_alarm', 'aws_sns_topic']) expect(synth.resource[type]).toBeUndefined();
  });
});
