import { TICKET_TYPE } from '@kippu/verify/documents';
import { ES256_SIGNATURE_BYTES, toLowS } from '@kippu/verify/es256';
import { assert } from '../../errors';
import type { JwsSigner } from './ports';

/**
 * Compact JWS (ES256) signed through the JwsSigner port, so that the domain never sees a
 * private key. Tickets, dockets and revocation lists are all JWS, told apart by `typ`.
 */
export { TICKET_TYPE };

const ES256_COORDINATE_BYTES = 32;

const base64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

const secondsClaim = (payload: object, name: 'iat' | 'exp'): number | undefined => {
  const value = (payload as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : undefined;
};

export const signCompactJws = async (
  signer: JwsSigner,
  type: string,
  payload: object,
): Promise<{ token: string; keyId: string }> => {
  const issuedAt = secondsClaim(payload, 'iat');
  const expiresAt = secondsClaim(payload, 'exp');
  const key =
    (await signer.keyFor?.({
      type,
      ...(issuedAt === undefined ? {} : { issuedAt }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    })) ?? signer;
  const keyId = await key.keyId();
  const header = { alg: 'ES256', kid: keyId, typ: type };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = await key.sign(new TextEncoder().encode(signingInput));
  assert(signature.length === ES256_SIGNATURE_BYTES, 'an ES256 signature is 64 bytes');
  // ECDSA signers (KMS among them) return s from either half; (r, n − s) is the same
  // signature. kippu's verifier accepts the low-S form only, so that a token has exactly one
  // valid encoding: normalize here, once, for every document kippu signs.
  const canonical = toLowS(signature);
  return { token: `${signingInput}.${base64url(canonical)}`, keyId };
};

/**
 * KMS returns ECDSA signatures DER-encoded: SEQUENCE { INTEGER r, INTEGER s }. JWS wants r
 * and s as fixed-width big-endian 32-byte values concatenated. Integers in DER are minimal
 * and signed, so they may be shorter than 32 bytes or carry a leading 0x00.
 */
export const derToJoseSignature = (der: Uint8Array): Uint8Array => {
  let offset = 0;
  const readByte = (): number => {
    const value = der[offset];
    assert(value !== undefined, 'DER signature is truncated');
    offset += 1;
    return value;
  };
  const readLength = (): number => {
    const first = readByte();
    if (first < 0x80) return first;
    const lengthBytes = first & 0x7f;
    assert(lengthBytes === 1, 'DER length of an ECDSA signature fits one byte');
    return readByte();
  };
  assert(readByte() === 0x30, 'DER signature starts with a SEQUENCE');
  const sequenceLength = readLength();
  assert(offset + sequenceLength === der.length, 'DER SEQUENCE length matches the signature');
  const output = new Uint8Array(ES256_SIGNATURE_BYTES);
  for (let index = 0; index < 2; index += 1) {
    assert(readByte() === 0x02, 'DER signature holds INTEGERs');
    const length = readLength();
    let integer = der.subarray(offset, offset + length);
    offset += length;
    while (integer.length > ES256_COORDINATE_BYTES && integer[0] === 0) integer = integer.subarray(1);
    assert(integer.length <= ES256_COORDINATE_BYTES, 'a P-256 signature coordinate is at most 32 bytes');
    output.set(integer, (index + 1) * ES256_COORDINATE_BYTES - integer.length);
  }
  assert(offset === der.length, 'DER signature has no trailing bytes');
  return output;
};
