/**
 * When SPILLWAY_SYNTH_CAPTURE names a directory, every Terraform JSON document the tests synthesize (whole
 * apps and single stacks) is copied there under its SHA-256. Two runs' directories, one per git revision,
 * compare with `scripts/compare-synth.sh`: a re-layout must leave the set of documents unchanged.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdktf';

function keep(captureDir: string, json: string): void {
  const normalized = JSON.stringify(JSON.parse(json), null, 2);
  const digest = crypto.createHash('sha256').update(normalized).digest('hex');
  fs.mkdirSync(captureDir, { recursive: true });
  fs.writeFileSync(path.join(captureDir, `${digest}.json`), normalized);
}

export function captureSynthesizedJson(captureDir: string): void {
  const appSynth = App.prototype.synth;
  App.prototype.synth = function synthAndCapture(this: App): void {
    appSynth.call(this);
    const stacksDir = path.join(this.outdir, 'stacks');
    if (!fs.existsSync(stacksDir)) return;
    for (const stack of fs.readdirSync(stacksDir)) {
      const file = path.join(stacksDir, stack, 'cdk.tf.json');
      if (fs.existsSync(file)) keep(captureDir, fs.readFileSync(file, 'utf8'));
    }
  };
  const stackSynth = Testing.synth;
  Testing.synth = ((...args: Parameters<typeof Testing.synth>) => {
    const json = stackSynth(...args);
    keep(captureDir, json);
    return json;
  }) as typeof Testing.synth;
}
