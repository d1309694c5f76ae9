import { gatewayDashboard } from '../../../../constructs/gateway/gateway-dashboard';
import { SHED_OUTCOMES } from '../../../../constructs/gateway/gateway-alerts';
import { renderGatewayConfig } from '../../../../constructs/gateway/haproxy-config';
import { gatewayAlerts, gatewayConfigSpec } from '../../../../stacks/inference-gateway';
import { exampleConfig } from '../../../support/fixtures';
import { GATEWAY } from '../../../../model/contracts';

// The series the dashboard and alerts read must be ones the rendered gateway actually exports.
const files = renderGatewayConfig(gatewayConfigSpec(exampleConfig.gateway!, exampleConfig.triton!, { http: 8000, grpc: 8001, metrics: 8002 }, true));
const dashboard = gatewayDashboard({ namespace: 'inference', deploymentName: GATEWAY.releaseName, backends: [GATEWAY.backendName, `${GATEWAY.backendName}_grpc`] });
const exprs = [
  ...(dashboard.panels as any[]).flatMap((panel) => panel.targets.map((target: any) => target.expr)),
  ...gatewayAlerts(exampleConfig)!.groups.flatMap((group) => group.rules.map((rule) => rule.expr)),
];

describe('gateway dashboard and alerts', () => {
  it('read only spillway_gateway_* series that the rendered Lua exports', () => {
    const used = new Set(exprs.flatMap((expr) => expr.match(/spillway_gateway_[a-z_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(3);
    for (const metric of used) expect(files['gateway.lua']).toContain(`"# TYPE ${metric} `);
  });

  it('count as shed exactly the outcomes haproxy.cfg records for a 503', () => {
    const outcomes = [...files['haproxy.cfg'].matchAll(/set-var\(txn\.outcome\) str\((\w+)\)/g)].map((match) => match[1]);
    for (const outcome of SHED_OUTCOMES) expect(outcomes).toContain(outcome);
    const used = new Set(exprs.flatMap((expr) => [...expr.matchAll(/outcome=~?"([^"]+)"/g)].flatMap((match) => match[1].split('|'))));
    for (const outcome of used) expect([...outcomes, 'admitted']).toContain(outcome);
  });

  it('read the HAProxy backends the rendered config declares', () => {
    for (const backend of [GATEWAY.backendName, `${GATEWAY.backendName}_grpc`]) expect(files['haproxy.cfg']).toMatch(new RegExp(`^backend ${backend}$`, 'm'));
  });
});
