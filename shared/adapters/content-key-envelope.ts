import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ContentKeyVault, SealedContentKey } from '../domain/contents/ports';
import { assert } from '../errors';
import { CONTENT_KEY_CONTEXT } from '../resources/keys';

/**
 * Envelope encryption of content keys, the same in AWS and in memory: a data key service
 * (KMS `GenerateDataKey`/`Decrypt` under kippu's data key, or an in-memory stand-in) hands out
 * a fresh 256-bit data key per content, bound to the content id by the encryption context;
 * the content key is encrypted with it by AES-256-GCM (the content id as additional data); the
 * plain data key is wiped at once and only its encrypted form is kept.
 */
export interface DataKeyService {
  generate(
    context: Readonly<Record<string, string>>,
  ): Promise<{ readonly plaintext: Uint8Array; readonly encrypted: Uint8Array }>;
  decrypt(encrypted: Uint8Array, context: Readonly<Record<string, string>>): Promise<Uint8Array>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const contextOf = (contentId: string) => ({ [CONTENT_KEY_CONTEXT.member]: contentId });
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const bytes = (text: string): Buffer => Buffer.from(text, 'base64url');

export class EnvelopeContentKeyVault implements ContentKeyVault {
  constructor(private readonly dataKeys: DataKeyService) {}

  async seal(contentId: string, contentKey: Uint8Array): Promise<SealedContentKey> {
    const { plaintext, encrypted } = await this.dataKeys.generate(contextOf(contentId));
    try {
      assert(plaintext.length === 32, 'a data key is 256 bits');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', plaintext, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(contentId, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(contentKey), cipher.final()]);
      return { encryptedDataKey: b64(encrypted), iv: b64(iv), ciphertext: b64(ciphertext), tag: b64(cipher.getAuthTag()) };
    } finally {
      plaintext.fill(0);
    }
  }

  async open(contentId: string, sealed: SealedContentKey): Promise<Uint8Array> {
    const dataKey = await this.dataKeys.decrypt(bytes(sealed.encryptedDataKey), contextOf(contentId));
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, bytes(sealed.iv), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(contentId, 'utf8'));
      decipher.setAuthTag(bytes(sealed.tag));
      return new Uint8Array(Buffer.concat([decipher.update(bytes(sealed.ciphertext)), decipher.final()]));
    } finally {
      dataKey.fill(0);
    }
  }
}
