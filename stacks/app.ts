import { App } from 'cdktf';
import { FleetConfig } from '../config/schema';
import { InfraStack } from './infra-stack';
import { WorkloadsStack } from './workloads-stack';

export interface BuildAppOptions {
  /** @default "cdktf.out" */
  readonly outdir?: string;
}

export interface SpillwayApp {
  readonly app: App;
  readonly infra: InfraStack;
  readonly workloads: WorkloadsStack[];
}

/** The one place stacks are wired together: one InfraStack, one WorkloadsStack per cluster. */
export function buildStacks(config: FleetConfig, options: BuildAppOptions = {}): SpillwayApp {
  const app = new App({ outdir: options.outdir ?? 'cdktf.out', skipValidation: false });
  const infra = new InfraStack(app, config);
  const workloads = infra.connections.map((connection) => {
    const stack = new WorkloadsStack(app, config, connection);
    stack.addDependency(infra);
    return stack;
  });
  return { app, infra, workloads };
}

export function buildApp(config: FleetConfig, options: BuildAppOptions = {}): App {
  return buildStacks(config, options).app;
}
