/** The synth command (what `cdktf synth` runs) over a config file, for bad-input tests. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthCommand } from '../../stacks/synthesize';
import { exampleWith } from './example-variants';

export interface SynthRun {
  readonly exitCode: number;
  /** What the command reported (config errors, guardrail violations). */
  readonly message: string;
  /** JSON files found under the output directory afterwards: none when synth was refused. */
  readonly written: string[];
}

/** Writes `text` to a fresh config file and runs the synth command on it into a fresh output directory. */
export function runSynthOn(text: string): SynthRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bad-'));
  const configFile = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(configFile, text);
  const outdir = path.join(dir, 'cdktf.out');
  const errors: string[] = [];
  const exitCode = synthCommand({ configFile, outdir, reportError: (message) => errors.push(message) });
  const written = fs.existsSync(outdir) ? (fs.readdirSync(outdir, { recursive: true }) as string[]).filter((entry) => /\.json$/.test(entry)) : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { exitCode, message: errors.join('\n'), written };
}

/** The example with one change, through the synth command. */
export function runSynth(change: (config: any) => void): SynthRun {
  return runSynthOn(exampleWith(change));
}
