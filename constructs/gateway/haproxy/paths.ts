/** The spec's optional ports and paths with the GATEWAY contract's defaults filled in. */
import { GATEWAY } from '../../../model/contracts';
import type { GatewayConfigSpec } from './spec';

export function resolvedPaths(spec: GatewayConfigSpec) {
  return {
    ports: spec.ports ?? GATEWAY.ports,
    configDir: spec.configDir ?? GATEWAY.configDir,
    keysFile: spec.keysFile ?? GATEWAY.keysFile,
    levelFile: spec.levelFile ?? GATEWAY.levelFile,
  };
}
