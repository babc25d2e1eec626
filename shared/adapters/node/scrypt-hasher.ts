import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { SecretHasher } from '../../ports';

/**
 * Secrets (show passwords, registration codes) with Node's scrypt: a random salt, only
 * `scrypt$<salt>$<hash>` is stored, compared in constant time. The asynchronous scrypt runs on
 * libuv's thread pool, so a hash does not stall the event loop of the request that computes it.
 */
const SCRYPT_KEY_BYTES = 32;
const SCRYPT_SALT_BYTES = 16;
/** Interactive-login cost (N = 2^14), cheap enough for an API request. */
const SCRYPT_OPTIONS: ScryptOptions = { N: 16_384, r: 8, p: 1 };

const derive = (password: string, salt: Buffer, keyBytes: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, SCRYPT_OPTIONS, (error, key) => (error === null ? resolve(key) : reject(error)));
  });

export const scryptHasher: SecretHasher = {
  hash: async (secret) => {
    const salt = randomBytes(SCRYPT_SALT_BYTES);
    const hash = await derive(secret, salt, SCRYPT_KEY_BYTES);
    return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
  },
  matches: async (secret, storedHash) => {
    const [scheme, saltText, hashText] = storedHash.split('$');
    if (scheme !== 'scrypt' || saltText === undefined || hashText === undefined) return false;
    const expected = Buffer.from(hashText, 'base64url');
    if (expected.length === 0) return false;
    const actual = await derive(secret, Buffer.from(saltText, 'base64url'), expected.length);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  },
};
