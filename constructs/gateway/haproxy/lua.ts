/**
 * gateway.lua: a `SETTINGS` table rendered from the spec, then the static Lua of lua/ (its parts, in order, as one
 * chunk: later parts use the locals of earlier ones), so the running code and the config it enforces come from
 * one render.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { GatewayConfigSpec } from './spec';
import { resolvedPaths } from './paths';

/** A Lua string literal; the values are validated names and paths, so only quotes and backslashes need escaping. */
function luaString(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`gateway Lua setting ${JSON.stringify(value)} holds a control character`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function luaTable(entries: readonly [string, string][]): string {
  return `{ ${entries.map(([key, value]) => `[${luaString(key)}] = ${value}`).join(', ')} }`;
}

/** The `SETTINGS` table gateway.lua reads. */
export function luaSettings(spec: GatewayConfigSpec): string {
  const paths = resolvedPaths(spec);
  const tiers = spec.tiers.map((tier): [string, string] => {
    const timeouts = spec.models.map((model) => model.maxTimeoutMicroseconds[tier.name]).filter((t) => t !== undefined);
    const maxTimeout = timeouts.length > 0 ? Math.max(...timeouts) : undefined;
    return [
      tier.name,
      `{ priority = ${tier.priorityLevel}, retry_after = ${tier.retryAfterSeconds}${maxTimeout === undefined ? '' : `, max_timeout = ${maxTimeout}`} }`,
    ];
  });
  const models = spec.models.map((model): [string, string] => [
    model.name,
    luaTable(Object.entries(model.maxTimeoutMicroseconds).map(([tier, timeout]) => [tier, String(timeout)])),
  ]);
  const levels = Object.entries(spec.levels).map(([name, level]): [string, string] => [
    name,
    `{ admit = ${luaTable(level.admitTiers.map((tier) => [tier, 'true']))}, disabled = ${luaTable(level.disabledModels.map((model) => [model, 'true']))} }`,
  ]);
  return [
    'local SETTINGS = {',
    `  keys_file = ${luaString(paths.keysFile)},`,
    `  level_file = ${luaString(paths.levelFile)},`,
    `  reload_interval_ms = ${spec.reloadIntervalMilliseconds ?? 1000},`,
    `  default_level = ${luaString(spec.defaultLevel)},`,
    `  max_json_bytes = ${spec.maxJsonHeaderBytes},`,
    `  tiers = ${luaTable(tiers)},`,
    `  models = ${luaTable(models)},`,
    `  levels = ${luaTable(levels)},`,
    `  level_names = { ${Object.keys(spec.levels).map(luaString).join(', ')} },`,
    '}',
    '',
  ].join('\n');
}

/** The parts of gateway.lua in lua/, in the order they are joined. */
const GATEWAY_LUA_PARTS = ['state.lua', 'protobuf.lua', 'json.lua', 'requests.lua'] as const;

/** The whole gateway.lua. */
export function renderGatewayLua(spec: GatewayConfigSpec): string {
  return luaSettings(spec) + GATEWAY_LUA_PARTS.map((part) => readFileSync(join(__dirname, 'lua', part), 'utf8')).join('\n');
}
