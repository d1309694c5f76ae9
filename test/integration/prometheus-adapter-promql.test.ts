/**
 * prometheus-adapter's rules, as the example's WorkloadsStack synthesizes them, checked by Prometheus's own
 * `promtool` (Debian package `prometheus`; or set SPILLWAY_PROMTOOL to its path):
 *  - every query of every rule parses, once the adapter's `<<.Series>>`-style template markers are filled in;
 *  - the node resource queries return a node's CPU and memory from node-exporter series labelled the way
 *    kube-prometheus-stack's node-exporter ServiceMonitor labels them (its relabelings, from the same synth).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { stringify } from 'yaml';
import { synthesizedStacks } from '../support/fixtures';

function promtool(): string {
  const candidates = [process.env.SPILLWAY_PROMTOOL, ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, 'promtool'))];
  const found = candidates.find((file): file is string => !!file && fs.existsSync(file));
  if (!found) throw new Error('promtool not found: install the Debian package `prometheus` (apt-get install -y prometheus) or set SPILLWAY_PROMTOOL');
  return found;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-promtool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs promtool with a file of `content` (as YAML) and returns its exit status and output. */
function runPromtool(args: readonly string[], file: string, content: unknown) {
  const target = path.join(dir, file);
  fs.writeFileSync(target, stringify(content));
  const result = spawnSync(promtool(), [...args, target], { encoding: 'utf8', timeout: 60_000, cwd: dir });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The values of the helm_release named `name`. */
function releaseValues(synth: any, name: string): any {
  const found = Object.values(synth.resource.helm_release as Record<string, any>).filter((release) => release.name === name);
  if (found.length !== 1) throw new Error(`expected one helm_release ${name}, found ${found.length}`);
  return JSON.parse(found[0].values[0]);
}

interface TemplateData {
  readonly Series?: string;
  readonly LabelMatchers: string;
  readonly GroupBy: string;
}

/** Fills in the adapter's template markers (`<<.Name>>`); fails on one it does not know. */
function render(query: string, data: TemplateData): string {
  const rendered = query.replace(/<<\s*\.(\w+)\s*>>/g, (marker, name: string) => {
    const value = (data as unknown as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`no value for ${marker} in ${query}`);
    return value;
  });
  if (rendered.includes('<<') || rendered.includes('>>')) throw new Error(`unrendered template in ${rendered}`);
  return rendered;
}

const seriesName = (seriesQuery: string) => seriesQuery.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)/)?.[1] ?? seriesQuery.match(/__name__=~?"\^?([a-zA-Z0-9_:]+)\$?"/)?.[1];

const { workloads } = synthesizedStacks();
const synth = JSON.parse(Testing.synth(workloads[0]));
const adapter = releaseValues(synth, 'prometheus-adapter');
const nodeExporterMonitor = releaseValues(synth, 'kube-prometheus-stack')['prometheus-node-exporter'].prometheus.monitor;

/** Every query of every adapter rule, rendered as the adapter would for one pod or one node. */
function renderedQueries(): Array<{ record: string; expr: string }> {
  const pod = { LabelMatchers: 'namespace="inference",pod="triton-0"', GroupBy: 'pod' };
  const queries: Array<{ record: string; expr: string }> = [];
  for (const [kind, rules] of [['custom', adapter.rules.custom ?? []], ['external', adapter.rules.external ?? []]] as const) {
    (rules as any[]).forEach((rule, index) => {
      queries.push({ record: `spillway_check:${kind}_${index}_series`, expr: rule.seriesQuery });
      queries.push({ record: `spillway_check:${kind}_${index}_metrics`, expr: render(rule.metricsQuery, { ...pod, Series: seriesName(rule.seriesQuery) }) });
    });
  }
  for (const [resource, rule] of Object.entries(adapter.rules.resource as Record<string, any>)) {
    if (typeof rule !== 'object') continue; // window
    queries.push({ record: `spillway_check:${resource}_container`, expr: render(rule.containerQuery, { ...pod, GroupBy: `pod,${rule.containerLabel}` }) });
    queries.push({ record: `spillway_check:${resource}_node`, expr: render(rule.nodeQuery, { LabelMatchers: 'node="ip-10-0-0-1"', GroupBy: 'node' }) });
  }
  return queries;
}

describe('prometheus-adapter rules under promtool', () => {
  it('parses every query of every rule', () => {
    const queries = renderedQueries();
    // The queue-time rule (series and metrics query) and both resource rules (container and node query).
    expect(queries.length).toBeGreaterThanOrEqual(6);
    const result = runPromtool(['check', 'rules'], 'adapter-rules.yaml', { groups: [{ name: 'prometheus-adapter', rules: queries }] });
    expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(result.status).toBe(0);
  });

  it('rejects a query that does not parse (the check is not vacuous)', () => {
    const result = runPromtool(['check', 'rules'], 'broken-rules.yaml', { groups: [{ name: 'broken', rules: [{ record: 'spillway_check:broken', expr: 'sum by (node) (rate(node_cpu_seconds_total{mode!="idle"}[3m])' }] }] });
    expect(result.status).not.toBe(0);
  });

  it('reads a node’s CPU and memory from node-exporter series labelled as the ServiceMonitor labels them', () => {
    const node = 'ip-10-0-0-1';
    const nodeRule = (resource: string) => adapter.rules.resource[resource];
    // The label the node resource maps to, and the labels node-exporter's series get from the pod's node.
    const nodeLabel = Object.entries(nodeRule('cpu').resources.overrides as Record<string, { resource: string }>).find(([, o]) => o.resource === 'node')![0];
    const fromNodeName = (nodeExporterMonitor.relabelings as any[])
      .filter((r) => JSON.stringify(r.sourceLabels) === JSON.stringify(['__meta_kubernetes_pod_node_name']))
      .map((r) => r.targetLabel as string);
    const labels = (extra: Record<string, string>) =>
      `{${Object.entries({ instance: '10.0.0.1:9100', job: 'node-exporter', namespace: 'monitoring', pod: 'kps-prometheus-node-exporter-abcde', ...Object.fromEntries(fromNodeName.map((label) => [label, node])), ...extra })
        .map(([key, value]) => `${key}="${value}"`)
        .join(',')}}`;
    const matchers = { LabelMatchers: `${nodeLabel}="${node}"`, GroupBy: nodeLabel };
    const tests = {
      rule_files: [],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [
            // Two busy CPUs at half a core each, plus idle time the query leaves out.
            { series: `node_cpu_seconds_total${labels({ cpu: '0', mode: 'user' })}`, values: '0+7.5x40' },
            { series: `node_cpu_seconds_total${labels({ cpu: '1', mode: 'system' })}`, values: '0+7.5x40' },
            { series: `node_cpu_seconds_total${labels({ cpu: '0', mode: 'idle' })}`, values: '0+7.5x40' },
            { series: `node_memory_MemTotal_bytes${labels({})}`, values: '8000000000x40' },
            { series: `node_memory_MemAvailable_bytes${labels({})}`, values: '6000000000x40' },
          ],
          promql_expr_test: [
            { expr: render(nodeRule('cpu').nodeQuery, matchers), eval_time: '5m', exp_samples: [{ labels: `{${nodeLabel}="${node}"}`, value: 1 }] },
            { expr: render(nodeRule('memory').nodeQuery, matchers), eval_time: '5m', exp_samples: [{ labels: `{${nodeLabel}="${node}"}`, value: 2e9 }] },
          ],
        },
      ],
    };
    const result = runPromtool(['test', 'rules'], 'node-rules.test.yaml', tests);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
