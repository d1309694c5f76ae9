import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/** Synthesizes whatever `build` adds to a fresh stack with a us-west-2 AWS provider, as parsed JSON. */
export function synthWithAws(build: (scope: Construct, provider: AwsProvider) => void): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  build(stack, provider);
  return JSON.parse(Testing.synth(stack));
}

/** The only resource of a type, failing clearly when there are none or several. */
export function onlyResource(synth: any, type: string): any {
  const resources = Object.values(synth.resource?.[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

export function resourcesOf(synth: any, type: string): any[] {
  return Object.values(synth.resource?.[type] ?? {});
}
