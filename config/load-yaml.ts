/**
 * YAML text to plain data, with every failure of the `yaml` library as a `ConfigError`: syntax errors, an
 * alias to an anchor that does not exist (at its field path), the library's alias-expansion guard, and
 * nesting too deep for the parser's recursion.
 */
import { Document, isAlias, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { ConfigError } from './errors';
import { formatPath } from './schema';

/**
 * The `yaml` library's guard against alias-expansion ("billion laughs") bombs, kept at its default and
 * stated here so it is not lost: expanding aliases past this many nodes is refused.
 */
export const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string, source: string): unknown {
  const document = guarded(source, () => parseDocument(text, { uniqueKeys: true, prettyErrors: true }));
  if (document.errors.length > 0) {
    throw new ConfigError(source, document.errors.map((error) => `YAML: ${error.message.split('\n')[0]}`));
  }
  const unresolved = unresolvedAliases(document);
  if (unresolved.length > 0) throw new ConfigError(source, unresolved);
  return guarded(source, () => document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
}

/** Runs a step of the yaml library, turning the errors it throws (rather than reports) into a ConfigError. */
function guarded<T>(source: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof RangeError) {
      // The composer recurses once per nesting level; 100,000 `[` overflow the stack.
      throw new ConfigError(source, ['YAML: nested too deeply to parse (flatten the structure; a fleet config needs a few levels)']);
    }
    if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
      throw new ConfigError(source, [`YAML: aliases expand to too many nodes (more than maxAliasCount ${MAX_ALIAS_COUNT}; the guard against alias-expansion bombs): ${error.message}`]);
    }
    if (error instanceof ReferenceError) throw new ConfigError(source, [`YAML: ${error.message}`]);
    throw error;
  }
}

/**
 * One line per alias whose anchor is not defined before it, at the alias's field path. One pass in
 * document order (Alias.resolve would search the whole document again for every alias).
 */
function unresolvedAliases(document: Document): string[] {
  const anchors = new Set<string>();
  const problems: string[] = [];
  visit(document, {
    Node(_key, node, ancestors) {
      if (!isAlias(node) && node.anchor) anchors.add(node.anchor);
      if (isAlias(node) && !anchors.has(node.source)) {
        const where = formatPath(fieldPath([...ancestors, node])) || '(top level)';
        problems.push(`${where}: YAML alias *${node.source} refers to no anchor &${node.source} (an anchor must be defined before its alias)`);
      }
    },
  });
  return problems;
}

/** The field path of the last node of `chain` (document, maps, pairs, sequences, the node). */
function fieldPath(chain: readonly unknown[]): (string | number)[] {
  const parts: (string | number)[] = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const [parent, child] = [chain[i], chain[i + 1]];
    if (isSeq(parent)) parts.push(parent.items.indexOf(child as never));
    else if (isPair(parent) && parent.value === child) parts.push(isScalar(parent.key) ? String(parent.key.value) : String(parent.key));
  }
  return parts;
}
