import { randomBytes, createHash } from 'node:crypto';
import type { IdGenerator } from './ports';

const ID_RANDOM_BYTES = 16;

/** Ids are opaque: a type prefix and 128 random bits in base64url. */
export const randomIds: IdGenerator = {
  next: (prefix) => `${prefix}_${randomBytes(ID_RANDOM_BYTES).toString('base64url')}`,
};

/**
 * The parts as one unambiguous string: each is length-prefixed, so no choice of parts (a
 * subject or key holding a separator) can produce the encoding of other parts.
 */
export const unambiguousJoin = (parts: readonly string[]): string => parts.map((part) => `${part.length}:${part}`).join('');

/**
 * A deterministic id derived from stable inputs (an idempotency key and who sent it), so a
 * retried request that crashed half-way lands on the same records instead of new ones.
 */
export const derivedId = (prefix: string, ...parts: readonly string[]): string =>
  `${prefix}_${createHash('sha256').update(unambiguousJoin(parts)).digest('base64url').slice(0, 22)}`;
