import { base64url } from 'jose';
import { ES256_SIGNATURE_BYTES, scalarProblem } from './es256.js';
import { reject, type Rejection } from './reasons.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** 64 bytes in unpadded base64url. */
const ES256_SIGNATURE_CHARACTERS = Math.ceil((ES256_SIGNATURE_BYTES * 4) / 3);

/**
 * The signature in its one canonical form: unpadded base64url of exactly 64 bytes with zero
 * padding bits, r and s in [1, n − 1], s in the low half. Anything else is a re-encoding of
 * some signature (or no signature at all), refused before any key is tried.
 */
export const signatureProblem = (encoded: string): Rejection<'NON_CANONICAL_SIGNATURE' | 'BAD_SIGNATURE'> | undefined => {
  if (!BASE64URL.test(encoded)) return reject('NON_CANONICAL_SIGNATURE', 'The signature is not unpadded base64url.');
  if (encoded.length !== ES256_SIGNATURE_CHARACTERS) {
    return reject(
      'NON_CANONICAL_SIGNATURE',
      `The signature has ${encoded.length} base64url characters; an ES256 signature (r||s, ${ES256_SIGNATURE_BYTES} bytes) has ${ES256_SIGNATURE_CHARACTERS}.`,
    );
  }
  const bytes = base64url.decode(encoded);
  if (bytes.length !== ES256_SIGNATURE_BYTES || base64url.encode(bytes) !== encoded) {
    return reject('NON_CANONICAL_SIGNATURE', 'The signature’s base64url has non-zero padding bits.');
  }
  switch (scalarProblem(bytes)) {
    case 'OUT_OF_RANGE':
      return reject('BAD_SIGNATURE', 'The signature’s r or s lies outside [1, n − 1].');
    case 'HIGH_S':
      return reject('NON_CANONICAL_SIGNATURE', 'The signature’s s is in the high half (s > n/2); kippu signs with low s only.');
    default:
      return undefined;
  }
};
