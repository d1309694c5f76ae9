/**
 * The config file as text: found, readable, a file and not a directory, and UTF-8. Each failure is one
 * `ConfigError` line that says what is wrong with the file, never a Node stack trace or a silent U+FFFD.
 */
import * as fs from 'fs';
import { ConfigError } from './errors';

/** Reads `configPath` as strict UTF-8 (a UTF-8 byte order mark is allowed and dropped). */
export function readConfigFile(configPath: string, hint: string): string {
  return decodeUtf8(readBytes(configPath, hint), configPath);
}

function readBytes(configPath: string, hint: string): Buffer {
  try {
    if (fs.statSync(configPath).isDirectory()) throw new ConfigError(configPath, [`is a directory, not a YAML file (${hint})`]);
    return fs.readFileSync(configPath);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(configPath, [`file not found (${hint})`]);
    if (code === undefined) throw error;
    throw new ConfigError(configPath, [`cannot read the file: ${describeErrno(error as NodeJS.ErrnoException)}`]);
  }
}

/** "permission denied (EACCES)" from Node's "EACCES: permission denied, open '/x'". */
function describeErrno(error: NodeJS.ErrnoException): string {
  const reason = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '');
  return `${reason} (${error.code})`;
}

/** Byte order marks of encodings other than UTF-8, longest first (UTF-32 LE starts like UTF-16 LE). */
const FOREIGN_BOMS: [name: string, bytes: number[]][] = [
  ['UTF-32 LE', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32 BE', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16 LE', [0xff, 0xfe]],
  ['UTF-16 BE', [0xfe, 0xff]],
];

const SAVE_AS_UTF8 = 'save the file as UTF-8';

export function decodeUtf8(bytes: Uint8Array, source: string): string {
  const bom = FOREIGN_BOMS.find(([, mark]) => mark.every((byte, index) => bytes[index] === byte));
  if (bom) throw new ConfigError(source, [`not UTF-8: the file is ${bom[0]} (byte order mark ${hex(bom[1])}); ${SAVE_AS_UTF8}`]);
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    throw new ConfigError(source, [`not UTF-8: byte ${hex([bytes[invalid]])} at offset ${invalid} (${lineOf(bytes, invalid)}) is not valid UTF-8 (Latin-1 or Windows-1252 text?); ${SAVE_AS_UTF8}`]);
  }
  // NUL is valid UTF-8 but never YAML: a UTF-16 file without a byte order mark has one in every other byte.
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new ConfigError(source, [`not UTF-8 text: a NUL byte at offset ${nul} (${lineOf(bytes, nul)}) (UTF-16 without a byte order mark, or a binary file?); ${SAVE_AS_UTF8}`]);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode table 3-7: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or -1.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const [length, low, high] = sequenceShape(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return i;
    }
    i += length;
  }
  return -1;
}

/** For a lead byte: the sequence length and the allowed range of the second byte ([0] if it leads nothing). */
function sequenceShape(lead: number): [length: number, low: number, high: number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

function lineOf(bytes: Uint8Array, offset: number): string {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return `line ${line}`;
}

const hex = (bytes: number[]) => bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).map((byte) => `0x${byte}`).join(' ');
