import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { certifyingRootOf } from '../../domain/signing/delegated-keys';
import type { DelegatedKeyRecord, DelegatedKeyStore, SigningKeyPairs } from '../../domain/signing/ports';
import { generateP256KeyPair, keyPairFromPkcs8, pkcs8Of, signerOf } from '../node/p256-keys';

/**
 * In-memory stand-ins for unit tests: the key store, and key pairs wrapped with AES-256-GCM
 * under a key of this process (the key id as additional data, like KMS's encryption context),
 * so a wrapped key opens only under its own key id, as with KMS.
 */
export class MemoryDelegatedKeyStore implements DelegatedKeyStore {
  /** By window start and certifying root, as the core table keys them. */
  private readonly records = new Map<string, DelegatedKeyRecord>();
  private longest = 0;

  async window(notBefore: number) {
    return [...this.records.values()].filter((record) => record.notBefore === notBefore);
  }

  async create(record: DelegatedKeyRecord) {
    this.longest = Math.max(this.longest, record.validUntil - record.notBefore);
    const key = `${record.notBefore}#${certifyingRootOf(record)}`;
    const existing = this.records.get(key);
    if (existing !== undefined) return { created: false, record: existing };
    this.records.set(key, record);
    return { created: true, record };
  }

  async list(fromNotBefore: number, toNotBefore: number) {
    return [...this.records.values()]
      .filter((record) => record.notBefore >= fromNotBefore && record.notBefore <= toNotBefore)
      .sort((left, right) => left.notBefore - right.notBefore);
  }

  async longestLife() {
    return this.longest;
  }

  async get(keyId: string) {
    return [...this.records.values()].find((record) => record.keyId === keyId);
  }
}

const AES_KEY_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

export class MemorySigningKeyPairs implements SigningKeyPairs {
  private readonly wrappingKey = randomBytes(AES_KEY_BYTES);
  /** How many keys were opened (unwrapped): what a KMS Decrypt would cost. */
  opened = 0;

  async generate() {
    const pair = await generateP256KeyPair();
    const iv = randomBytes(GCM_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.wrappingKey, iv).setAAD(Buffer.from(pair.keyId));
    const sealed = Buffer.concat([iv, cipher.update(pkcs8Of(pair)), cipher.final(), cipher.getAuthTag()]);
    return { keyId: pair.keyId, publicJwk: pair.publicJwk, wrappedPrivateKey: sealed.toString('base64'), sign: signerOf(pair) };
  }

  async open(keyId: string, wrappedPrivateKey: string) {
    const sealed = Buffer.from(wrappedPrivateKey, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.wrappingKey, sealed.subarray(0, GCM_IV_BYTES))
      .setAAD(Buffer.from(keyId))
      .setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
    const pkcs8 = Buffer.concat([
      decipher.update(sealed.subarray(GCM_IV_BYTES, sealed.length - GCM_TAG_BYTES)),
      decipher.final(),
    ]);
    this.opened += 1;
    return signerOf(keyPairFromPkcs8(pkcs8, keyId));
  }
}
