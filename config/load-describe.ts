/**
 * Zod issues as problem lines: the field path, the message and the value found. Values are shown as the
 * user would recognise them (NaN and Infinity, not JSON's null) and cut to a readable length, so a 10 MB
 * value costs one line, not 10 MB of terminal.
 */
import { z } from 'zod';
import { formatPath } from './schema';
import { holdsPrivateKey } from './validate/secrets';

/** How much of a quoted value (or a path, or a quoted span of a message) a problem line shows. */
export const MAX_QUOTED_LENGTH = 120;

export function describeIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      // One line per unknown key, at the key's own path.
      return issue.keys.map((key) => `${cut(formatPath([...issue.path, key]) || key)}: ${shortenQuoted(issue.message)}`);
    }
    const where = cut(formatPath(issue.path)) || '(top level)';
    const value = valueAt(raw, issue.path);
    const found = value === undefined ? 'missing' : `got ${describeValue(value)}`;
    // Cross-field messages already quote the value; every other message gets it appended.
    const quoted = issue.code === z.ZodIssueCode.custom && issue.params?.valueQuoted === true;
    const message = shortenQuoted(issue.message);
    return [`${where}: ${quoted ? message : `${message} (${found})`}`];
  });
}

/** A value as JSON, except that non-finite numbers keep their names; cut to MAX_QUOTED_LENGTH. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  // A value that holds a private key is never echoed, whichever rule rejected it.
  if (typeof value === 'string' && holdsPrivateKey(value)) return 'a value holding PEM private-key material (not shown)';
  if (typeof value === 'string') return quote(JSON.stringify(value).slice(1, -1), '"');
  try {
    // Nested NaN/Infinity would become null in JSON; show them by name, unquoted.
    const json = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? `${MARK}${item}${MARK}` : item));
    return cut((json ?? String(value)).replace(/"\\u0000(-?Infinity|NaN)\\u0000"/g, '$1'));
  } catch {
    // JSON.stringify gives up on values nested past its stack (a RangeError).
    return 'a value nested too deeply to show';
  }
}

/** Brackets a non-finite number inside the JSON text (JSON escapes a real NUL, so the marks stand out). */
const MARK = '\u0000';

/** The first MAX_QUOTED_LENGTH characters, and how many more there were. */
export function cut(text: string): string {
  const [head, omitted] = truncate(text);
  return omitted === 0 ? text : `${head}… ${more(omitted)}`;
}

/** `inner` between quotes, cut like `cut` with the note after the closing quote. */
function quote(inner: string, mark: string): string {
  const [head, omitted] = truncate(inner);
  return omitted === 0 ? `${mark}${inner}${mark}` : `${mark}${head}…${mark} ${more(omitted)}`;
}

function truncate(text: string): [head: string, omitted: number] {
  if (text.length <= MAX_QUOTED_LENGTH) return [text, 0];
  // Never split a surrogate pair: half an emoji would print as U+FFFD.
  const end = /[\uD800-\uDBFF]/.test(text[MAX_QUOTED_LENGTH - 1]) ? MAX_QUOTED_LENGTH - 1 : MAX_QUOTED_LENGTH;
  return [text.slice(0, end), text.length - end];
}

const more = (omitted: number) => `(${omitted.toLocaleString('en-US')} more characters)`;

/**
 * Cuts quoted spans longer than MAX_QUOTED_LENGTH inside a message: zod quotes enum values it received
 * ('…') and the cross-field rules quote the value they reject ("…"). A scan, not a regular expression:
 * a backtracking match over a 10 MB span overflows the stack.
 */
export function shortenQuoted(message: string): string {
  if (message.length <= MAX_QUOTED_LENGTH) return message;
  const unclosed = new Set<string>();
  let shortened = '';
  let copied = 0;
  for (let open = 0; open < message.length; open++) {
    const mark = message[open];
    if (!opensQuote(message, open) || unclosed.has(mark)) continue;
    const close = closingQuote(message, open);
    if (close < 0) {
      unclosed.add(mark); // no later quote of this kind closes either
      continue;
    }
    if (close - open - 1 > MAX_QUOTED_LENGTH) {
      shortened += message.slice(copied, open) + quote(message.slice(open + 1, close), mark);
      copied = close + 1;
    }
    open = close;
  }
  return shortened + message.slice(copied);
}

/** `"` anywhere, `'` only after a non-letter: the apostrophe of "region's" opens nothing. */
function opensQuote(text: string, at: number): boolean {
  return text[at] === '"' || (text[at] === "'" && !/\p{L}/u.test(text[at - 1] ?? ''));
}

function closingQuote(text: string, open: number): number {
  const mark = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (mark === '"' && text[i] === '\\') i++; // JSON escape: \" does not close
    else if (text[i] === mark) return i;
  }
  return -1;
}

function valueAt(raw: unknown, issuePath: readonly (string | number)[]): unknown {
  let node: unknown = raw;
  for (const part of issuePath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}
