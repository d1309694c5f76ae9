/**
 * The inference gateway (issue 11): what the NLB binds to, who reaches Triton, and the per-tier limits. They read
 * the workloads stack's TargetGroupBindings and Helm releases (values as synthesized) and the InfraStack's VPC
 * CNI add-on, so a config or construct change that opens the path around the gateway fails synth.
 */
import { GATEWAY, TRITON_RELEASE_NAME } from '../../model/contracts';
import { GuardrailRule, isLiteral, RuleContext, show, SynthesizedResource } from './rule';

/** A helm_release's values (its first values document), or undefined when they are not literal JSON. */
function releaseValues(release: SynthesizedResource): Record<string, any> | undefined {
  const [text] = Array.isArray(release.config.values) ? release.config.values : [];
  if (typeof text !== 'string') return undefined;
  try {
    // Terraform turns `$${` / `%%{` back into `${` / `%{`; the rules read what Helm will get.
    return JSON.parse(text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'));
  } catch {
    return undefined;
  }
}

const releasesNamed = (context: RuleContext, name: string) => context.resourcesOf('helm_release').filter((release) => release.config.name === name);
const isTargetGroupBinding = (resource: SynthesizedResource) => resource.config.manifest?.kind === 'TargetGroupBinding';

/** The `frontend` sections of a haproxy.cfg: name, the ports they bind, and their lines. */
export function haproxyFrontends(cfg: string): { name: string; ports: number[]; lines: string[] }[] {
  const sections: { kind: string; name: string; lines: string[] }[] = [];
  for (const raw of cfg.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^(global|defaults|frontend|backend|listen|resolvers|peers|userlist|program|cache|ring|mailers|http-errors)\b\s*(\S*)/.exec(raw);
    if (header && !/^\s/.test(raw)) sections.push({ kind: header[1], name: header[2], lines: [] });
    else sections[sections.length - 1]?.lines.push(line);
  }
  return sections
    .filter((section) => section.kind === 'frontend' || section.kind === 'listen')
    .map((section) => ({
      name: section.name,
      lines: section.lines,
      ports: section.lines.flatMap((line) => [...line.matchAll(/^bind\s+\S*:(\d+)/g)].map((match) => Number(match[1]))),
    }));
}

/** The gateway release's haproxy.cfg, or a problem saying why there is none to check. */
function gatewayConfig(context: RuleContext): { cfg?: string; values?: Record<string, any>; problem?: string } {
  const releases = releasesNamed(context, GATEWAY.releaseName);
  if (releases.length !== 1) return { problem: `the stack has ${releases.length} helm_release named "${GATEWAY.releaseName}" (the inference gateway), not 1` };
  const values = releaseValues(releases[0]);
  const cfg = values?.files?.['haproxy.cfg'];
  if (typeof cfg !== 'string') return { problem: `${releases[0].address} has no literal files["haproxy.cfg"] in its values, so its listeners cannot be verified` };
  return { cfg, values };
}

export const GATEWAY_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-GW-001',
    title: 'The NLB reaches inference only through the gateway, whose listener on that port refuses requests without a valid API key (401).',
    fix: 'Configure `gateway` (its TargetGroupBindings bind the gateway Service); never bind Triton\'s Service to the front door.',
    appliesTo: ['kubernetes_manifest'],
    check: (resource, context) => {
      if (!isTargetGroupBinding(resource)) return [];
      const ref = resource.config.manifest?.spec?.serviceRef ?? {};
      if (ref.name !== GATEWAY.releaseName) {
        return [`binds Service ${show(ref.name)} port ${show(ref.port)}, not the inference gateway (${GATEWAY.releaseName}): clients reach it with no authentication`];
      }
      const { cfg, values, problem } = gatewayConfig(context);
      if (!cfg) return [problem!];
      const servicePorts: Record<string, number> = values?.ports ?? {};
      const name = Object.keys(servicePorts).find((key) => servicePorts[key] === ref.port);
      const frontend = haproxyFrontends(cfg).find((section) => name !== undefined && section.ports.includes(servicePorts[name]));
      if (!frontend) return [`binds gateway port ${show(ref.port)}, on which no HAProxy frontend listens`];
      if (!frontend.lines.some((line) => /^http-request\s+return\s+status\s+401\b/.test(line))) {
        return [`frontend ${frontend.name} on port ${ref.port} has no "http-request return status 401" rule: requests without a key would pass`];
      }
      return [];
    },
  },
  {
    id: 'SPW-GW-002',
    title: 'Nothing but the gateway reaches Triton: a NetworkPolicy (enforced by the VPC CNI) admits only gateway pods to its inference ports.',
    fix: 'Configure `gateway` (its chart renders the NetworkPolicy); keep the VPC CNI add-on\'s enableNetworkPolicy "true" (EksManagedAddons).',
    appliesTo: ['helm_release', 'aws_eks_addon'],
    check: (resource, context) => {
      if (resource.type === 'aws_eks_addon') {
        if (resource.config.addon_name !== 'vpc-cni') return [];
        const raw = resource.config.configuration_values;
        if (!isLiteral(raw)) return [`configuration_values is ${raw === undefined ? 'unset' : 'computed'}: network policies would not be enforced`];
        let parsed: Record<string, unknown> | undefined;
        try {
          parsed = JSON.parse(raw);
        } catch {
          return ['configuration_values is not JSON'];
        }
        return parsed?.enableNetworkPolicy === 'true' ? [] : [`configuration_values.enableNetworkPolicy is ${show(parsed?.enableNetworkPolicy ?? 'unset')}, not "true": NetworkPolicies are accepted and ignored`];
      }
      if (resource.config.name !== TRITON_RELEASE_NAME) return [];
      const triton = releaseValues(resource);
      const tritonService = triton?.service?.name;
      const problems = context
        .resourcesOf('kubernetes_manifest')
        .filter((binding) => isTargetGroupBinding(binding) && binding.config.manifest?.spec?.serviceRef?.name === tritonService)
        .map((binding) => `${binding.address} binds Triton's Service ${show(tritonService)} to the NLB, around the gateway`);
      const { values, problem } = gatewayConfig(context);
      if (!values) return [...problems, problem!];
      const policy = values.tritonNetworkPolicy ?? {};
      const wantedLabels = { 'app.kubernetes.io/name': 'triton-inference-server', 'app.kubernetes.io/instance': resource.config.name };
      const labels: Record<string, string> = policy.tritonPodLabels ?? {};
      if (Object.entries(labels).some(([key, value]) => wantedLabels[key as keyof typeof wantedLabels] !== value) || Object.keys(labels).length === 0) {
        problems.push(`the gateway's NetworkPolicy selects pods ${show(labels)}, not Triton's ${show(wantedLabels)}`);
      }
      const ports: number[] = policy.inferencePorts ?? [];
      for (const port of [triton?.ports?.http, triton?.ports?.grpc]) {
        if (typeof port === 'number' && !ports.includes(port)) problems.push(`the gateway's NetworkPolicy does not cover Triton port ${port}: any pod reaches it`);
      }
      return problems;
    },
  },
  {
    id: 'SPW-GW-003',
    title: 'Every client tier the gateway knows has a per-key and a per-tier request-rate limit, so no tier can flood Triton.',
    fix: 'Give every tier of `triton.tiers` an entry in `gateway.tiers` (requestsPerSecondPerKey, requestsPerSecond); renderGatewayConfig writes the limits.',
    appliesTo: ['helm_release'],
    check: (resource) => {
      if (resource.config.name !== GATEWAY.releaseName) return [];
      const cfg = releaseValues(resource)?.files?.['haproxy.cfg'];
      if (typeof cfg !== 'string') return ['values have no literal files["haproxy.cfg"], so the limits cannot be verified'];
      const lines = haproxyFrontends(cfg).flatMap((section) => section.lines);
      const tiers = lines.flatMap((line) => {
        const match = /^acl\s+(\S+)\s+var\(txn\.tier\)\s+-m\s+str\s+(\S+)$/.exec(line);
        return match ? [{ acl: match[1], tier: match[2] }] : [];
      });
      if (tiers.length === 0) return ['haproxy.cfg declares no tier (no `acl <name> var(txn.tier) -m str <tier>`), so no tier has a limit'];
      const limited = (acl: string, counter: 0 | 1) =>
        lines.some((line) => line.includes(` ${acl} `) && new RegExp(`\\{ sc_http_req_rate\\(${counter}\\) gt \\d+ \\}`).test(line));
      return tiers.flatMap(({ acl, tier }) => [
        ...(limited(acl, 0) ? [] : [`tier ${show(tier)} has no per-key request-rate limit (sc_http_req_rate(0))`]),
        ...(limited(acl, 1) ? [] : [`tier ${show(tier)} has no per-tier request-rate limit (sc_http_req_rate(1))`]),
      ]);
    },
  },
];
