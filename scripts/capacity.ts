/**
 * `npm run capacity -- --traffic FILE [--perf MODEL=FILE]... [--burst FROM:TO:RAMP] [--config FILE] [--out DIR]`:
 * forecast the traffic, size the GPUs, simulate the burst and advise (scripts/capacity/plan-capacity.ts),
 * then write capacity-report.md, capacity.svg and capacity.json to DIR (default cdktf.out/capacity).
 * Exit codes: 0 planned, 1 bad input (config, CSV, flags; nothing is written), 2 the forecast peak needs
 * more GPUs than the config allows (everything is written first).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig, resolveConfigPath } from '../config/load';
import type { FleetConfig } from '../config/schema';
import { renderCapacitySvg } from './capacity/chart';
import { InputError } from './capacity/csv';
import type { BurstRequest, MeasuredRate } from './capacity/fleet-inputs';
import { chooseThroughput, parsePerfCsv } from './capacity/perf-csv';
import { planCapacity } from './capacity/plan-capacity';
import { renderCapacityReport } from './capacity/report-markdown';

export const SHORTFALL_EXIT_CODE = 2;
export const DEFAULT_OUT = path.join('cdktf.out', 'capacity');

const USAGE = `Usage: npm run capacity -- --traffic FILE [--perf MODEL=FILE]... [--burst FROM:TO:RAMP] [--config FILE] [--out DIR]

  --traffic FILE       traffic history CSV: timestamp,rps[,region,model,tier] (default: capacity.trafficFile
                       of the config, relative to the config file)
  --perf MODEL=FILE    perf_analyzer -f CSV for a model; its best throughput within the model's latency
                       budget replaces triton.models[].throughputPerGpu (repeatable)
  --burst FROM:TO:RAMP a burst on the primary region, e.g. 500:30000:60s (rps, rps, ramp in s or m)
  --config FILE        fleet config (default $SPILLWAY_CONFIG, else config/environments/example.yaml)
  --out DIR            output directory (default ${DEFAULT_OUT})

Exit codes: 0 planned, 1 bad input, ${SHORTFALL_EXIT_CODE} the forecast peak needs more GPUs than the config allows.`;

class UsageError extends Error {}

interface Options {
  traffic?: string;
  perf: { model: string; file: string }[];
  burst?: BurstRequest;
  config?: string;
  out: string;
}

export function parseBurst(text: string): BurstRequest {
  const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(s|m)?$/.exec(text);
  if (!match) throw new UsageError(`--burst "${text}" is not FROM:TO:RAMP like 500:30000:60s (rps, rps, ramp in seconds "s" or minutes "m")`);
  const [fromRps, toRps, ramp] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const rampSeconds = match[4] === 'm' ? ramp * 60 : ramp;
  if (toRps < fromRps) throw new UsageError(`--burst "${text}": TO ${toRps} is below FROM ${fromRps}; a burst ramps up`);
  return { fromRps, toRps, rampSeconds };
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { perf: [], out: DEFAULT_OUT };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--traffic':
        options.traffic = value();
        break;
      case '--perf': {
        const text = value();
        const at = text.indexOf('=');
        if (at <= 0 || at === text.length - 1) throw new UsageError(`--perf "${text}" is not MODEL=FILE`);
        options.perf.push({ model: text.slice(0, at), file: text.slice(at + 1) });
        break;
      }
      case '--burst':
        options.burst = parseBurst(value());
        break;
      case '--config':
        options.config = value();
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new UsageError(`unknown argument "${flag}"`);
    }
  }
  return options;
}

function readInput(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read the ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function measuredRates(config: FleetConfig, perf: Options['perf']): Map<string, MeasuredRate> {
  const triton = config.triton!;
  const measured = new Map<string, MeasuredRate>();
  for (const { model, file } of perf) {
    const index = triton.models.findIndex((entry) => entry.name === model);
    if (index < 0) throw new UsageError(`--perf ${model}=${file}: "${model}" is not a model of triton.models; known: ${triton.models.map((entry) => entry.name).join(', ')}`);
    const spec = triton.models[index];
    const premium = Object.entries(triton.tiers).sort(([, a], [, b]) => a - b)[0][0];
    const budget = spec.latencyBudgetMicroseconds ?? spec.queuePolicy[premium].timeoutMicroseconds;
    const { chosen } = chooseThroughput(parsePerfCsv(readInput(file, 'perf_analyzer CSV'), file), budget, file);
    measured.set(model, { throughputPerGpu: chosen.inferencesPerSecond, file });
  }
  return measured;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  try {
    const options = parseArgs(argv);
    const configFile = resolveConfigPath(options.config);
    const config = loadConfig(options.config);
    if (!config.triton) throw new UsageError(`${configFile} has no triton section; capacity planning sizes Triton's GPUs`);
    const trafficFile = options.traffic ?? (config.capacity.trafficFile ? path.resolve(path.dirname(configFile), config.capacity.trafficFile) : undefined);
    if (!trafficFile) throw new UsageError('--traffic FILE is required (or set capacity.trafficFile in the config)');
    const run = planCapacity({
      config,
      configFile,
      trafficFile,
      trafficText: readInput(trafficFile, 'traffic file'),
      measured: measuredRates(config, options.perf),
      burst: options.burst,
    });
    const report = renderCapacityReport(run, { config, trafficFile, configFile });
    const svg = await renderCapacitySvg(run, config);
    fs.mkdirSync(options.out, { recursive: true });
    fs.writeFileSync(path.join(options.out, 'capacity-report.md'), report);
    fs.writeFileSync(path.join(options.out, 'capacity.svg'), svg);
    fs.writeFileSync(path.join(options.out, 'capacity.json'), `${JSON.stringify(run.json, null, 2)}\n`);
    console.log(report);
    console.log(`wrote ${['capacity-report.md', 'capacity.svg', 'capacity.json'].map((name) => path.join(options.out, name)).join(', ')}`);
    return run.exitCode;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InputError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
