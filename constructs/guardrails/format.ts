/** Guardrail findings as terminal text: what is wrong, where, how to fix it, and how to waive it. */
import type { GuardrailReport } from './report';

/** A multi-line error: one block per violation with the rule, the address and the fix; then stale waivers. */
export function formatViolations(report: GuardrailReport): string {
  const count = report.violations.length;
  const stale = report.unusedWaivers.length;
  const headline =
    count > 0
      ? `Guardrails: ${count} violation${count === 1 ? '' : 's'}; synth stopped and nothing was written.`
      : `Guardrails: ${stale} waiver${stale === 1 ? '' : 's'} in guardrails.waivers match${stale === 1 ? 'es' : ''} nothing; synth stopped and nothing was written.`;
  const lines = [headline];
  for (const violation of report.violations) {
    lines.push(
      '',
      `${violation.ruleId}  ${violation.address}  (stack ${violation.stack})`,
      `  problem: ${violation.message}`,
      `  rule:    ${violation.title}`,
      `  fix:     ${violation.fix}`,
    );
  }
  if (report.waived.length > 0) lines.push('', `${report.waived.length} further violation(s) waived (guardrails.waivers and design exceptions in code).`);
  if (count > 0) {
    const first = report.violations[0];
    lines.push(
      '',
      'Only if the risk is accepted, waive it in the config file with a reason:',
      '  guardrails:',
      '    waivers:',
      `      - { rule: ${first.ruleId}, resource: "${first.address}", reason: "<why this risk is acceptable>" }`,
    );
  }
  if (stale > 0) {
    lines.push('', 'Waivers that match no violation (the risk is gone or the address changed): remove or correct them.');
    for (const waiver of report.unusedWaivers) lines.push(`  - { rule: ${waiver.rule}, resource: "${waiver.resource}" }`);
  }
  return lines.join('\n');
}

/** Thrown when synth must stop: an unwaived violation or a config waiver that matches nothing. */
export class GuardrailError extends Error {
  constructor(readonly report: GuardrailReport) {
    super(formatViolations(report));
    this.name = 'GuardrailError';
  }
}
