import { CompactEncrypt, importJWK } from 'jose';
import type { TicketBinding } from '../tickets/ticket';

/**
 * A content key for one device (SPEC S5): a compact JWE with `alg: ECDH-ES` (a key agreed
 * with the device's P-256 public key and an ephemeral key, so only the holder of the device's
 * private key can derive it) and `enc: A256GCM`; the payload is the raw content key. `kid` is
 * the device key's thumbprint (`cnf.jkt`), so the device knows which of its keys opens it.
 */
export const CONTENT_KEY_JWE = { alg: 'ECDH-ES', enc: 'A256GCM' } as const;

export const wrapContentKey = async (contentKey: Uint8Array, binding: TicketBinding): Promise<string> => {
  const deviceKey = await importJWK({ ...binding.publicJwk }, CONTENT_KEY_JWE.alg);
  return new CompactEncrypt(contentKey)
    .setProtectedHeader({ ...CONTENT_KEY_JWE, kid: binding.jkt, cty: 'kippu-content-key' })
    .encrypt(deviceKey);
};
