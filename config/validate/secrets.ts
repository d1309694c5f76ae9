/**
 * Every config string can end up in cdk.tf.json, the plan and Terraform state, all readable by far more people
 * than a private key may be. A string holding PEM private-key material is refused wherever it is, and the
 * message never quotes it.
 */
import { Fail, Path } from '../schema/common';

/** The end of any PEM private-key armor line: PRIVATE KEY, RSA/EC/DSA/ENCRYPTED/OPENSSH PRIVATE KEY, PGP PRIVATE KEY BLOCK. */
const PRIVATE_KEY_ARMOR = /PRIVATE\s+KEY(?:\s+BLOCK)?\s*-----/i;

/** True when the text holds PEM private-key material (also usable to redact values before printing them). */
export function holdsPrivateKey(text: string): boolean {
  return PRIVATE_KEY_ARMOR.test(text);
}

const WHY =
  'it would be written into cdk.tf.json and Terraform state; remove the private key (keep only certificates) and keep keys in a secret store';

/** Walks the whole parsed config, keys and values, and reports each string holding a private key by its path. */
export function validateNoPrivateKeys(config: unknown, fail: Fail): void {
  visit(config, [], fail);
}

function visit(node: unknown, path: Path, fail: Fail): void {
  if (typeof node === 'string') {
    if (holdsPrivateKey(node)) fail(path, `holds PEM private-key material (the value is not shown); ${WHY}`);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) => visit(item, [...path, index], fail));
  } else if (node !== null && typeof node === 'object') {
    visitObject(node as Record<string, unknown>, path, fail);
  }
}

function visitObject(node: Record<string, unknown>, path: Path, fail: Fail): void {
  for (const [key, value] of Object.entries(node)) {
    // A key is reported at its parent: its own path would print the key.
    if (holdsPrivateKey(key)) {
      fail(path, `has a key holding PEM private-key material (the key is not shown); ${WHY}`);
      continue;
    }
    visit(value, [...path, key], fail);
  }
}
