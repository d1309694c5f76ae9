import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../../../../config/load';
import { CAPACITY_TITLE, capacityPart } from '../../../../scripts/lib/capacity-section';
import { renderMarkdown } from '../../../../scripts/summary/render-markdown';
import { exampleText, exampleWith } from '../../../support/example-variants';
import { PROJECT_ROOT } from '../../../support/main-process';

describe('plan summary capacity check', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-capacity-section-'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'examples', 'capacity', 'sample-traffic.csv'), path.join(dir, 'traffic.csv'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is absent without capacity.trafficFile', () => {
    expect(capacityPart(parseConfig(exampleText), path.join(dir, 'fleet.yaml'))).toBeUndefined();
  });

  it('adds one line per region, the traffic file read relative to the config file', () => {
    const config = parseConfig(exampleWith((c) => (c.capacity = { trafficFile: 'traffic.csv' })));
    const part = capacityPart(config, path.join(dir, 'fleet.yaml'))!;
    const markdown = renderMarkdown({ parts: [part] });
    expect(part.title).toBe(CAPACITY_TITLE);
    const lines = markdown.split('\n').filter((line) => line.startsWith('- '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^- us-west-2: forecast peak \d+ rps, \d+ GPUs needed, 8 allowed$/);
    expect(lines[1]).toMatch(/^- eu-west-1: forecast peak \d+ rps, \d+ GPUs needed, 8 allowed$/);
  });

  it('names a bad traffic file instead of failing the plan', () => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'timestamp,rps\n2026-11-02T00:00:00Z,x\n');
    const config = parseConfig(exampleWith((c) => (c.capacity = { trafficFile: 'bad.csv' })));
    const markdown = renderMarkdown({ parts: [capacityPart(config, path.join(dir, 'fleet.yaml'))!] });
    expect(markdown).toContain(`Not checked: ${path.join(dir, 'bad.csv')}:2:2: rps "x" is not a number`);
  });
});
