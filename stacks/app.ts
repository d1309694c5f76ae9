import { App } from 'cdktf';
import { FleetConfig } from '../config/schema';
import { InfraStack } from './infra-stack';
import { WorkloadsStack } from './workloads-stack';

export interface BuildAppOptions {
  /** @default $CDKTF_OUTDIR, else "cdktf.out" */
  readonly outdir?: string;
}

/**
 * Where synth writes: the explicit option, else $CDKTF_OUTDIR (set by `cdktf synth --output DIR`, which
 * then reads DIR/manifest.json), else "cdktf.out". An empty variable counts as unset, as the CLI never sets
 * one empty and "" would mean the current directory.
 */
export function resolveOutdir(outdir?: string): string {
  return outdir ?? (process.env.CDKTF_OUTDIR || undefined) ?? 'cdktf.out';
}

export interface SpillwayApp {
  readonly app: App;
  readonly infra: InfraStack;
  readonly workloads: WorkloadsStack[];
}

/** The one place stacks are wired together: one InfraStack, one WorkloadsStack per cluster. */
export function buildStacks(config: FleetConfig, options: BuildAppOptions = {}): SpillwayApp {
  const app = new App({ outdir: resolveOutdir(options.outdir), skipValidation: false });
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
