import { GATEWAY_RULES, haproxyFrontends } from '../../../../constructs/guardrails/gateway-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { GATEWAY_CASES } from './cases/gateway-cases';

describe('gateway rules', () => {
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(GATEWAY_CASES).sort()).toEqual(GATEWAY_RULES.map((rule) => rule.id).sort());
  });

  it('reads the frontends of a haproxy.cfg with the ports they bind', () => {
    const cfg = 'global\n  log stdout local0\nfrontend inference\n  bind :8000\n  bind 127.0.0.1:8001 proto h2\n  default_backend b\nbackend b\n  server s 1.2.3.4:80\nfrontend health\n  bind :8402\n';
    expect(haproxyFrontends(cfg)).toEqual([
      { name: 'inference', ports: [8000, 8001], lines: ['bind :8000', 'bind 127.0.0.1:8001 proto h2', 'default_backend b'] },
      { name: 'health', ports: [8402], lines: ['bind :8402'] },
    ]);
  });

  describeRuleCases(GATEWAY_CASES);
});
