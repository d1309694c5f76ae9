import { GATEWAY } from '../../model/contracts';

/** A string as Terraform reads it from the JSON configuration: `$${` and `%%{` are the literal `${` and `%{`. */
export const terraformLiteral = (text: string) => text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

/** The values of the gateway's helm_release in a synthesized workloads stack (cdk.tf.json, parsed). */
export function gatewayReleaseValues(stackJson: any): any {
  const release = Object.values(stackJson.resource.helm_release as Record<string, any>).find((candidate) => candidate.name === GATEWAY.releaseName);
  if (!release) throw new Error(`no helm_release named ${GATEWAY.releaseName} in the stack`);
  return JSON.parse(terraformLiteral(release.values[0]));
}
