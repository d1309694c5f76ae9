import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { FisExperimentTemplate } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { PolicyStatement } from '../primitives/iam-documents';
import { ExperimentRole } from './experiment-role';

/** A target of an FIS template (the provider's `target` block). */
export interface FisTarget {
  /** Name actions refer to. */
  readonly name: string;
  /** e.g. `aws:ec2:spot-instance`, `aws:eks:nodegroup`, `aws:ec2:subnet`, `aws:eks:pod`. */
  readonly resourceType: string;
  /** `ALL`, `COUNT(n)` or `PERCENT(n)`. */
  readonly selectionMode: string;
  /** At most 5 ARNs. @default none */
  readonly resourceArns?: readonly string[];
  /** Tags a resource must carry (all of them). @default none */
  readonly resourceTags?: Readonly<Record<string, string>>;
  /** Filters on the resource's describe output, e.g. `State.Name` = `running`. @default none */
  readonly filters?: readonly { readonly path: string; readonly values: readonly string[] }[];
  /** Resource-type parameters (`aws:eks:pod`: clusterIdentifier, namespace, selectorType, selectorValue). @default none */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** An action of an FIS template. */
export interface FisAction {
  readonly name: string;
  /** e.g. `aws:ec2:send-spot-instance-interruptions`, `aws:fis:wait`. */
  readonly actionId: string;
  /** @default none */
  readonly description?: string;
  /** Action parameters (ISO 8601 durations, percentages, service accounts). @default none */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The action's target: its key (`SpotInstances`, `Nodegroups`, `Subnets`, `Pods`) and a target name. @default none */
  readonly target?: { readonly key: string; readonly name: string };
  /** Actions that must finish first. @default starts with the experiment */
  readonly startAfter?: readonly string[];
}

/** What one experiment does, needs and hits: built per kind in experiment-specs.ts. */
export interface FisExperimentSpec {
  /** Short kind for names, e.g. `spot`, `node`, `zone`, `pod`. */
  readonly shortName: string;
  readonly description: string;
  readonly targets: readonly FisTarget[];
  readonly actions: readonly FisAction[];
  /** The role's permissions, scoped to the fleet's resources in the region. */
  readonly permissions: readonly PolicyStatement[];
  /** Kubernetes user the role is mapped to by an EKS access entry (pod actions). @default no access entry */
  readonly kubernetesUser?: string;
}

export interface FisExperimentProps {
  /** AWS provider of the experiment's region. */
  readonly provider: TerraformProvider;
  /** Region of the experiment (role trust, names). */
  readonly region: string;
  /** Account of the experiment (may be a Terraform expression). */
  readonly accountId: string;
  /** Prefix of the role and Name tag, e.g. the cluster name. */
  readonly namePrefix: string;
  /** EKS cluster the access entry (for `spec.kubernetesUser`) is created in. */
  readonly clusterName: string;
  /** What the experiment does, needs and hits (experiment-specs.ts). */
  readonly spec: FisExperimentSpec;
  /** CloudWatch alarms (same region) that stop the experiment when they go to ALARM; at least one. */
  readonly stopConditionAlarmArns: readonly string[];
  /** Log group ARN ending in `:*` (ExperimentLogGroup.fisLogGroupArn). */
  readonly logGroupArn: string;
}

/**
 * One AWS FIS experiment template with its own least-privilege role. Creating a template starts nothing:
 * an operator starts it (`startCommand`). It stops itself when any stop-condition alarm fires, logs to an
 * encrypted log group, and fails instead of succeeding vacuously when no target matches.
 */
export class FisExperiment extends Construct {
  readonly templateId: string;
  readonly roleArn: string;
  /** `aws fis start-experiment ...` for this template, as a Terraform expression. */
  readonly startCommand: string;

  constructor(scope: Construct, id: string, props: FisExperimentProps) {
    super(scope, id);
    const { provider, spec } = props;
    if (props.stopConditionAlarmArns.length === 0) {
      throw new Error(`FisExperiment ${props.namePrefix}-${spec.shortName}: give at least one stop-condition alarm; an experiment that cannot stop itself is not created`);
    }
    const name = `${props.namePrefix}-fis-${spec.shortName}`;
    const role = new ExperimentRole(this, 'role', {
      provider,
      name,
      region: props.region,
      accountId: props.accountId,
      statements: spec.permissions,
    });

    if (spec.kubernetesUser) {
      new EksAccessEntry(this, 'cluster-access', {
        provider,
        clusterName: props.clusterName,
        principalArn: role.arn,
        type: 'STANDARD',
        userName: spec.kubernetesUser,
      });
    }

    const template = new FisExperimentTemplate(this, 'template', {
      provider,
      description: spec.description,
      roleArn: role.arn,
      stopCondition: props.stopConditionAlarmArns.map((arn) => ({ source: 'aws:cloudwatch:alarm', value: arn })),
      target: spec.targets.map((target) => ({
        name: target.name,
        resourceType: target.resourceType,
        selectionMode: target.selectionMode,
        resourceArns: target.resourceArns ? [...target.resourceArns] : undefined,
        resourceTag: target.resourceTags ? Object.entries(target.resourceTags).map(([key, value]) => ({ key, value })) : undefined,
        filter: target.filters?.map((filter) => ({ path: filter.path, values: [...filter.values] })),
        parameters: target.parameters ? { ...target.parameters } : undefined,
      })),
      action: spec.actions.map((action) => ({
        name: action.name,
        actionId: action.actionId,
        description: action.description,
        parameter: action.parameters ? Object.entries(action.parameters).map(([key, value]) => ({ key, value })) : undefined,
        target: action.target ? { key: action.target.key, value: action.target.name } : undefined,
        startAfter: action.startAfter ? [...action.startAfter] : undefined,
      })),
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: props.logGroupArn } },
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: name },
    });
    this.templateId = template.id;
    this.roleArn = role.arn;
    this.startCommand = `aws fis start-experiment --region ${props.region} --experiment-template-id ${template.id}`;
  }
}
