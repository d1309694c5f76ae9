/** Small synthesized scenarios for snapshot tests: config variants of the example, and one feature's resources. */
import { parseConfig } from '../../config/load';
import { FleetConfig } from '../../config/schema';
import { exampleWith } from './example-variants';
import { synthesizedStacks } from './fixtures';

/** The example with one change, loaded through the real loader (defaults filled, rules checked). */
export function exampleWithConfig(change: (config: any) => void): FleetConfig {
  return parseConfig(exampleWith(change));
}

/** Drops the front door, the CDN, Triton with its gateway, and the chaos experiments (which need the front door): what a scenario about the regional foundation does not need. */
export function withoutEdgeAndTriton(config: any): void {
  delete config.chaos;
  delete config.frontDoor;
  delete config.cdn;
  delete config.triton;
  delete config.gateway;
}

type Resources = Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>>;

/**
 * The InfraStack resources whose construct path (below the stack) is one of `prefixes` or lies under one,
 * keyed by Terraform address, without cdktf's metadata.
 */
export function infraResourcesUnder(config: FleetConfig, prefixes: readonly string[]): Record<string, unknown> {
  const { infra } = synthesizedStacks(config);
  // toTerraform keeps cdktf's `//` metadata, whose path says which construct a resource belongs to.
  const resources = infra.toTerraform().resource as Resources;
  const picked: Record<string, unknown> = {};
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(byName)) {
      const where = body['//']?.metadata?.path?.split('/').slice(1).join('/') ?? '';
      const { '//': _metadata, ...attributes } = body;
      if (prefixes.some((prefix) => where === prefix || where.startsWith(`${prefix}/`))) picked[`${type}.${name}`] = attributes;
    }
  }
  if (Object.keys(picked).length === 0) throw new Error(`no resources under ${prefixes.join(', ')}`);
  return picked;
}
