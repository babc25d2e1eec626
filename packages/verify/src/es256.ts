/**
 * ES256 signatures (ECDSA over P-256 with SHA-256) in their JOSE form: r and s as 32-byte
 * big-endian integers, concatenated. For every valid signature (r, s) the pair (r, n − s)
 * verifies too, so one ticket has two valid signatures and two different token strings. kippu
 * emits only the low-S form (s ≤ n/2) and its verifier accepts only that form, so the
 * signature bytes cannot be re-encoded into a second valid token. A ticket is still
 * identified by its `jti`, never by the token's bytes. No dependencies: kippu's signer uses
 * this module too.
 */
export const ES256_SIGNATURE_BYTES = 64;
const ES256_SCALAR_BYTES = 32;

/** The order n of the P-256 group. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** n is odd, so s ≤ (n − 1) / 2 is the low half. */
const P256_HALF_ORDER = P256_ORDER >> 1n;

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);

const toBytes = (value: bigint): Uint8Array => {
  const bytes = new Uint8Array(ES256_SCALAR_BYTES);
  let rest = value;
  for (let index = ES256_SCALAR_BYTES - 1; index >= 0; index -= 1) {
    bytes[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
};

const scalarsOf = (signature: Uint8Array): { r: bigint; s: bigint } => {
  if (signature.length !== ES256_SIGNATURE_BYTES) {
    throw new RangeError(`An ES256 signature is ${ES256_SIGNATURE_BYTES} bytes, not ${signature.length}.`);
  }
  return {
    r: toBigInt(signature.subarray(0, ES256_SCALAR_BYTES)),
    s: toBigInt(signature.subarray(ES256_SCALAR_BYTES)),
  };
};

export type ScalarProblem = 'OUT_OF_RANGE' | 'HIGH_S';

/** Why a 64-byte r||s is not a canonical ES256 signature, or undefined when it is. */
export const scalarProblem = (signature: Uint8Array): ScalarProblem | undefined => {
  const { r, s } = scalarsOf(signature);
  if (r <= 0n || r >= P256_ORDER || s <= 0n || s >= P256_ORDER) return 'OUT_OF_RANGE';
  return s > P256_HALF_ORDER ? 'HIGH_S' : undefined;
};

/** The low-S form of a JOSE ES256 signature: (r, s) unchanged when s ≤ n/2, else (r, n − s). */
export const toLowS = (signature: Uint8Array): Uint8Array => {
  const { s } = scalarsOf(signature);
  if (s <= P256_HALF_ORDER) return signature;
  const normalized = new Uint8Array(ES256_SIGNATURE_BYTES);
  normalized.set(signature.subarray(0, ES256_SCALAR_BYTES));
  normalized.set(toBytes(P256_ORDER - s), ES256_SCALAR_BYTES);
  return normalized;
};
