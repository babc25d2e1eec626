import { createHash } from 'node:crypto';
import { assert } from '../../errors';

/**
 * Canonical JSON (RFC 8785, JCS) for the values statements hold — strings, safe integers,
 * booleans, arrays and objects: members sorted by key (UTF-16 code units, as JavaScript
 * sorts), no whitespace, strings escaped as JSON.stringify does, absent members omitted. The
 * same value always gives the same bytes, so a digest over them identifies the content.
 */
export type CanonicalValue =
  string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue | undefined };

export const canonicalJson = (value: CanonicalValue): string => {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    assert(Number.isSafeInteger(value), 'canonical JSON holds safe integers only');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(',')}]`;
  const object = value as { readonly [key: string]: CanonicalValue | undefined };
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key] as CanonicalValue)}`);
  return `{${members.join(',')}}`;
};

/** Lowercase hex SHA-256 of a text's UTF-8 bytes (what statements and their pages are identified by). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The digest statements and their pages are identified by, that of the value's canonical JSON;
 * undefined when it holds a number that is not a safe integer (nothing kippu signed holds one).
 */
export const canonicalDigest = (value: Readonly<Record<string, unknown>>): string | undefined => {
  try {
    return sha256Hex(canonicalJson(value as CanonicalValue));
  } catch {
    return undefined;
  }
};

/** A text's JSON object (not an array, not null); undefined when the text is none. */
export const parseJsonObject = (text: string): Record<string, unknown> | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) ? undefined : (parsed as Record<string, unknown>);
};
