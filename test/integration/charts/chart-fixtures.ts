/**
 * Shared inputs of the Triton chart tests: the chart's values.yaml and values.schema.json, the production-shaped
 * values fixture, and a per-test-file cache of `helm template` renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { Manifest, RenderOptions, TRITON_CHART_DIR, renderTritonChart } from './render-chart';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The JSON Schema keywords values.schema.json uses. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  enum?: Json[];
  not?: JsonSchema;
  oneOf?: JsonSchema[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export const VALUES_FILE = path.join(TRITON_CHART_DIR, 'values.yaml');
export const SCHEMA_FILE = path.join(TRITON_CHART_DIR, 'values.schema.json');

/** The chart's values.yaml. */
export const defaults = parseYaml(fs.readFileSync(VALUES_FILE, 'utf8')) as JsonObject;
/** The chart's values.schema.json. */
export const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as JsonSchema;
/** Values shaped like what WorkloadsStack passes for one cluster (fixtures/production-values.yaml). */
export const production = parseYaml(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'production-values.yaml'), 'utf8'),
) as JsonObject;

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const renders = new Map<string, Manifest[]>();

/**
 * `renderTritonChart`, run at most once per distinct (values, options) in a test file: Jest gives every test
 * file its own module registry, so the cache never crosses files. Each call returns a fresh deep copy, so a
 * test that edits what it gets cannot affect another.
 */
export function renderCached(values: object, options: RenderOptions = {}): Manifest[] {
  const key = JSON.stringify([values, options]);
  let manifests = renders.get(key);
  if (manifests === undefined) {
    manifests = renderTritonChart(values, options);
    renders.set(key, manifests);
  }
  return clone(manifests);
}
