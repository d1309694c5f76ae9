/**
 * Walks values.yaml against values.schema.json and proposes different, schema-valid values for each leaf: the
 * machinery of the "every leaf of values.yaml changes the rendered output" test.
 */
import { Json, JsonObject, JsonSchema, clone } from './chart-fixtures';

export type Path = Array<string | number>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The sub-schema of `root` at `at`; throws when values.schema.json does not describe that path. */
export function schemaAt(root: JsonSchema, at: Path): JsonSchema {
  let s: JsonSchema = root;
  for (const seg of at) {
    const next = typeof seg === 'number' ? s.items : s.properties?.[seg];
    if (next === undefined) {
      throw new Error(`values.schema.json has no schema for ${at.join('.')}`);
    }
    s = next;
  }
  return s;
}

/** A deliberately small check of the keywords this chart's schema uses, to pick plausible candidates. */
function accepts(s: JsonSchema, v: Json): boolean {
  if (s.oneOf) {
    return s.oneOf.some((branch) => accepts(branch, v));
  }
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const typeOf = Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v;
  if (types.length > 0 && !types.includes(typeOf) && !(typeOf === 'integer' && types.includes('number'))) {
    return false;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
  if (s.not?.enum && s.not.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
  if (typeof v === 'string') {
    if (s.pattern && !new RegExp(s.pattern).test(v)) return false;
    if (s.minLength !== undefined && v.length < s.minLength) return false;
    if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return false;
    if (s.maximum !== undefined && v > s.maximum) return false;
  }
  return true;
}

function bumpLastNumber(v: string, by: number): string | undefined {
  const m = /^(.*?)(\d+)(\D*)$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[2]) + by;
  return n < 0 ? undefined : `${m[1]}${n}${m[3]}`;
}

/** Seeds for a fresh value of schema `s` (used to fill empty lists and maps). */
function seeds(s: JsonSchema): Json[] {
  if (s.enum) return s.enum;
  if (s.oneOf) return s.oneOf.flatMap(seeds);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return ['mutated', '--mutated', 'mutated-1'].filter((c) => accepts(s, c));
    case 'integer':
    case 'number':
      return [s.minimum ?? 1];
    case 'boolean':
      return [true];
    case 'object': {
      if (s.properties) {
        const obj: JsonObject = {};
        for (const key of s.required ?? []) {
          obj[key] = seeds(s.properties[key])[0];
        }
        return [obj];
      }
      return [{ 'spillway.io/mutated': 'true' }];
    }
    default:
      return [];
  }
}

/** Values other than `v` that schema `s` (as far as `accepts` checks it) allows, most plausible first. */
export function candidatesFor(s: JsonSchema, v: Json): Json[] {
  let raw: Json[];
  if (typeof v === 'boolean') {
    raw = [!v];
  } else if (typeof v === 'number') {
    raw = [v + 1, v - 1, v + 10, v * 2, ...(s.oneOf ? ['50%'] : [])];
  } else if (typeof v === 'string') {
    raw = [
      ...(s.enum ?? []),
      bumpLastNumber(v, 1),
      bumpLastNumber(v, -1),
      `${v}x`,
      `${v}-x`,
      'x',
      'mutated',
      ...(s.oneOf ? [1, 2] : []),
    ].filter((c): c is Json => c !== undefined);
  } else if (Array.isArray(v)) {
    raw = seeds(s.items ?? {}).map((seed) => [seed]);
  } else if (v !== null && typeof v === 'object') {
    raw = [{ 'spillway.io/mutated': 'true' }];
  } else {
    raw = [];
  }
  return raw.filter((c) => JSON.stringify(c) !== JSON.stringify(v) && accepts(s, c));
}

/** Leaves of the values tree: scalars, empty lists and empty maps; lists and maps with content are walked. */
export function leaves(v: Json, at: Path = []): Path[] {
  if (Array.isArray(v) && v.length > 0) return v.flatMap((item, i) => leaves(item, [...at, i]));
  if (isPlainObject(v) && Object.keys(v).length > 0) {
    return Object.entries(v as JsonObject).flatMap(([k, item]) => leaves(item, [...at, k]));
  }
  return [at];
}

export function getAt(root: Json, at: Path): Json {
  return at.reduce<Json>((node, seg) => (node as Record<string | number, Json>)[seg], root);
}
/** A deep copy of `root` with the value at `at` replaced by `value`. */
export function setAt(root: Json, at: Path, value: Json): Json {
  const copy = clone(root);
  const parent = getAt(copy, at.slice(0, -1)) as Record<string | number, Json>;
  parent[at[at.length - 1]] = value;
  return copy;
}
