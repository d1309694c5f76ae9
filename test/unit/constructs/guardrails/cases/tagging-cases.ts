import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RuleCase } from '../helpers';

/** A second provider alias whose default tags lack Owner, and a VPC on it. */
function vpcOnProviderWithout(owner: 'default-tags' | 'own-tags' | 'none') {
  return (scope: Construct) => {
    const other = new AwsProvider(scope, 'aws-eu', {
      alias: 'eu-west-1',
      region: 'eu-west-1',
      defaultTags: [{ tags: owner === 'default-tags' ? { Project: 'spillway', Owner: 'ml-platform' } : { Project: 'spillway' } }],
    });
    new Vpc(scope, 'vpc', { provider: other, cidrBlock: '10.0.0.0/16', tags: owner === 'own-tags' ? { Owner: 'ml-platform' } : { Name: 'x' } });
  };
}

export const TAGGING_CASES: RuleCase[] = [
  {
    rule: 'SPW-TAG-001',
    name: 'required tags from the provider alias default_tags',
    pass: vpcOnProviderWithout('default-tags'),
    fail: vpcOnProviderWithout('none'),
    problem: /lacks required tag\(s\) Owner/,
    address: /^aws_vpc\.vpc$/,
  },
  {
    rule: 'SPW-TAG-001',
    name: "required tags from the resource's own tags",
    pass: vpcOnProviderWithout('own-tags'),
    fail: vpcOnProviderWithout('none'),
    problem: /lacks required tag\(s\) Owner/,
  },
];
