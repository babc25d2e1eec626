import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { DomainError } from '../../errors';
import { derivedId } from '../../ids';
import type { DeviceDraft, DevicePublicKey } from './ports';

/**
 * Device keys: P-256 public keys as JWKs, known by their RFC 7638 thumbprint (`jkt`). The
 * request schema already refused other key types and private members; this checks that the
 * point is on the curve and reduces the key to its public members.
 */
const devicePublicKey = (jwk: DevicePublicKey, field: string): DevicePublicKey => {
  const key: DevicePublicKey = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  try {
    createPublicKey({ key: { ...key }, format: 'jwk' });
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The device key is not a point on the P-256 curve.', [
      { field, message: 'is not a valid P-256 public key' },
    ]);
  }
  return key;
};

/** The RFC 7638 thumbprint (SHA-256, base64url) of a device key. */
export const thumbprintOf = (key: DevicePublicKey): Promise<string> => calculateJwkThumbprint({ ...key }, 'sha256');

export const deviceDraft = async (name: string, jwk: DevicePublicKey, field: string): Promise<DeviceDraft> => {
  const publicJwk = devicePublicKey(jwk, field);
  return { name, publicJwk, jkt: await thumbprintOf(publicJwk) };
};

/** A device's id follows from its customer and key: the same key registered again is the same device. */
export const deviceIdOf = (customerId: string, jkt: string): string => derivedId('dev', customerId, jkt);

/** A pair's id follows from its customer and its two devices, in order. */
export const devicePairIdOf = (customerId: string, fromDeviceId: string, toDeviceId: string): string =>
  derivedId('dpr', customerId, fromDeviceId, toDeviceId);
