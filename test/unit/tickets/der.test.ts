import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derToJoseSignature } from '../../../shared/domain/tickets/jws';
import { InvariantViolationError } from '../../../shared/errors';

describe('DER to JOSE signature conversion', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('turns any DER ECDSA signature into the r||s that verifies as IEEE P1363', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 512 }), (message) => {
        // Prepare
        const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });

        // Act
        const jose = derToJoseSignature(der);

        // Assess
        expect(jose.length).toBe(64);
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('pads short integers and strips the sign byte of long ones', () => {
    // Prepare: r = 0x01 (one byte), s = 0x00 0x80 followed by 31 bytes (33 bytes with sign byte).
    const s = [0x00, 0x80, ...Array.from({ length: 31 }, () => 0x11)];
    const der = Uint8Array.from([0x30, 3 + 2 + s.length, 0x02, 0x01, 0x01, 0x02, s.length, ...s]);

    // Act
    const jose = derToJoseSignature(der);

    // Assess
    expect(jose[31]).toBe(0x01);
    expect([...jose.subarray(0, 31)].every((byte) => byte === 0)).toBe(true);
    expect(jose[32]).toBe(0x80);
  });

  it('refuses a truncated or malformed signature as a bug, not a value', () => {
    expect(() => derToJoseSignature(Uint8Array.from([0x30, 0x06, 0x02, 0x01]))).toThrow(InvariantViolationError);
    expect(() => derToJoseSignature(Uint8Array.from([0x31, 0x00]))).toThrow(InvariantViolationError);
  });
});
