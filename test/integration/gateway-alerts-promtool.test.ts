/**
 * The gateway's alerting rules, exactly as the example's WorkloadsStack ships them to kube-prometheus-stack
 * (additionalPrometheusRulesMap["spillway-gateway"]), checked and unit-tested by Prometheus's own `promtool`
 * (Debian package `prometheus`; or set SPILLWAY_PROMTOOL): series shaped like the gateway's own metrics fire the
 * shed-tier alerts, and a fleet that sheds nothing fires none.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { synthesizedStacks } from '../support/fixtures';

function promtool(): string {
  const candidates = [process.env.SPILLWAY_PROMTOOL, ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => dir && path.join(dir, 'promtool'))];
  const found = candidates.find((file): file is string => !!file && fs.existsSync(file));
  if (!found) throw new Error('promtool not found: install the Debian package `prometheus` (apt-get install -y prometheus) or set SPILLWAY_PROMTOOL');
  return found;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-gateway-promtool-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: readonly string[], files: Record<string, unknown>) {
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), stringify(content));
  const result = spawnSync(promtool(), args, { encoding: 'utf8', timeout: 60_000, cwd: dir });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const { outdir } = synthesizedStacks();
const workloads = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'spillway-example-workloads-us-west-2', 'cdk.tf.json'), 'utf8'));
const [kps] = Object.values(workloads.resource.helm_release as Record<string, any>).filter((release) => release.chart === 'kube-prometheus-stack');
const rules = JSON.parse(kps.values[0]).additionalPrometheusRulesMap['spillway-gateway'];

/** An expected alert: its labels, and its annotations with `{{ $labels.x }}` filled in as Prometheus does. */
function alert(alertname: string, labels: Record<string, string>) {
  const rule = rules.groups[0].rules.find((candidate: any) => candidate.alert === alertname);
  const fill = (text: string) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_match, name: string) => labels[name]);
  return { exp_labels: { ...rule.labels, ...labels }, exp_annotations: Object.fromEntries(Object.entries(rule.annotations as Record<string, string>).map(([key, text]) => [key, fill(text)])) };
}

const series = (labels: string, values: string) => ({ series: `${labels}`, values });
const requests = (tier: string, outcome: string, perMinute: number) =>
  series(`spillway_gateway_requests_total{namespace="inference",pod="inference-gateway-a",tier="${tier}",outcome="${outcome}"}`, `0+${perMinute}x40`);

describe('gateway alert rules (promtool)', () => {
  it('are valid rules', () => {
    const result = run(['check', 'rules', 'gateway-rules.yaml'], { 'gateway-rules.yaml': rules });
    expect(result.output).toContain('SUCCESS: 4 rules found');
    expect(result.status).toBe(0);
  });

  it('fire for a shed tier, the top tier shed, a level left switched, and no Triton behind the gateway; and stay silent otherwise', () => {
    const tests = {
      rule_files: ['gateway-rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // free: 60 admitted and 30 shed per minute (a third: over the share); premium: 1 of 101 switched off (under the share, but the top tier).
            requests('free', 'admitted', 60),
            requests('free', 'shed', 30),
            requests('enterprise', 'admitted', 100),
            requests('premium', 'admitted', 100),
            requests('premium', 'switched_off', 1),
            series('spillway_gateway_level_info{namespace="inference",pod="inference-gateway-a",level="normal"}', '0x40'),
            series('spillway_gateway_level_info{namespace="inference",pod="inference-gateway-a",level="shed-free"}', '1x40'),
            series('haproxy_backend_active_servers{namespace="inference",pod="inference-gateway-a",proxy="triton"}', '2x5 0x35'),
            series('haproxy_backend_active_servers{namespace="inference",pod="inference-gateway-a",proxy="triton_grpc"}', '2x40'),
          ],
          alert_rule_test: [
            {
              eval_time: '10m',
              alertname: 'GatewayTierShed',
              exp_alerts: [alert('GatewayTierShed', { tier: 'free' })],
            },
            {
              eval_time: '10m',
              alertname: 'GatewayTopTierShed',
              exp_alerts: [alert('GatewayTopTierShed', { tier: 'premium' })],
            },
            { eval_time: '20m', alertname: 'GatewayDegradationLevelInForce', exp_alerts: [] },
            { eval_time: '35m', alertname: 'GatewayDegradationLevelInForce', exp_alerts: [alert('GatewayDegradationLevelInForce', { level: 'shed-free' })] },
            { eval_time: '10m', alertname: 'GatewayNoTritonBackend', exp_alerts: [alert('GatewayNoTritonBackend', { proxy: 'triton' })] },
          ],
        },
        {
          interval: '1m',
          input_series: [
            requests('free', 'admitted', 60),
            requests('free', 'unauthenticated', 30),
            requests('premium', 'admitted', 100),
            series('haproxy_backend_active_servers{namespace="inference",pod="inference-gateway-a",proxy="triton"}', '2x40'),
          ],
          alert_rule_test: ['GatewayTierShed', 'GatewayTopTierShed', 'GatewayNoTritonBackend'].map((alertname) => ({ eval_time: '15m', alertname, exp_alerts: [] })),
        },
      ],
    };
    const result = run(['test', 'rules', 'gateway-rules.test.yaml'], { 'gateway-rules.yaml': rules, 'gateway-rules.test.yaml': tests });
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
