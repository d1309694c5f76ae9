/**
 * `haproxy -c` (zero-warning mode), on every haproxy found (the host's and the production LTS branch), on the
 * configuration production renders from the example config: the same gatewayConfigSpec(...) stacks/ uses, with
 * only configDir pointed at a temp dir so `lua-load` finds the Lua.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../../../config/load';
import { renderGatewayConfig } from '../../../constructs/gateway/haproxy-config';
import { gatewayConfigSpec } from '../../../stacks/inference-gateway';
import { exampleText } from '../../support/example-variants';
import { describeEachHaproxy } from './support/each-haproxy';

describeEachHaproxy('the generated HAProxy configuration', (haproxy) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-haproxy-check-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function check(files: Record<string, string>) {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    return spawnSync(haproxy.command, ['-c', '-V', '-dW', '-f', path.join(dir, 'haproxy.cfg')], { encoding: 'utf8' });
  }

  const config = parseConfig(exampleText);
  const exampleSpec = (acceptProxyProtocol: boolean) => gatewayConfigSpec(config.gateway!, config.triton!, { http: 8000, grpc: 8001, metrics: 8002 }, acceptProxyProtocol);
  const spec = exampleSpec(true);

  it.each([true, false])('passes haproxy -c with no warnings, exactly as production renders it (PROXY protocol: %s)', (acceptProxyProtocol) => {
    const spec = exampleSpec(acceptProxyProtocol);
    const files = renderGatewayConfig({ ...spec, configDir: dir });
    const production = renderGatewayConfig(spec);
    // Only the lua-load path differs from what the ConfigMap holds.
    expect(files['haproxy.cfg'].replace(dir, '/usr/local/etc/haproxy')).toBe(production['haproxy.cfg']);
    const result = check(files);
    expect(result.stderr + result.stdout).toContain('Configuration file is valid');
    expect(result.stderr).not.toMatch(/WARNING|ALERT/);
    expect(result.status).toBe(0);
  });

  it('is a check that can fail: a misspelt keyword is rejected', () => {
    const files = renderGatewayConfig({ ...spec, configDir: dir });
    const result = check({ ...files, 'haproxy.cfg': files['haproxy.cfg'].replace('balance leastconn', 'balance leastconns') });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("balance only supports 'roundrobin'");
  });
});
