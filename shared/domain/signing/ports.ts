import type { PublicEcJwk } from '@kippu/verify/documents';
import type { DelegationWindow } from './policy';

/**
 * What delegated signing needs from the outside, declared here by its consumer. None of these
 * throws a DomainError; infrastructure failures propagate (the request becomes a 500, a
 * worker's message is retried).
 */

/** ES256 over a signing input with a private key the domain never sees: JOSE raw r||s, 64 bytes. */
export type SignWithKey = (signingInput: Uint8Array) => Promise<Uint8Array>;

export interface GeneratedKeyPair {
  /** The RFC 7638 thumbprint of the public key. */
  readonly keyId: string;
  readonly publicJwk: PublicEcJwk;
  /** The private half encrypted for storage (base64), readable only through `open` with the same key id. */
  readonly wrappedPrivateKey: string;
  readonly sign: SignWithKey;
}

/** P-256 key pairs whose private halves are stored only wrapped (encrypted under kippu's data key in AWS). */
export interface SigningKeyPairs {
  generate(): Promise<GeneratedKeyPair>;
  /** The signer of a stored key: its private half unwrapped (one KMS Decrypt in AWS). */
  open(keyId: string, wrappedPrivateKey: string): Promise<SignWithKey>;
}

/** A delegated key as stored: one per signing window, shared by every function that signs. */
export interface DelegatedKeyRecord extends DelegationWindow {
  readonly keyId: string;
  readonly publicJwk: PublicEcJwk;
  /** The compact JWS (typ kippu-delegation+jwt) a root key signed for this key. */
  readonly delegation: string;
  readonly wrappedPrivateKey: string;
  readonly createdAt: string;
}

export interface DelegatedKeyStore {
  /**
   * The keys of the window that starts at `notBefore` (epoch seconds): one per root key that
   * certified a key for it — one, except across a root key rotation (delegated-keys.ts).
   */
  window(notBefore: number): Promise<readonly DelegatedKeyRecord[]>;
  /**
   * Stores the key of its window unless the window has one certified by the same root key (a
   * conditional write), and answers the stored key: this one, or the one a concurrent creator
   * stored first. Records the key's life (`validUntil − notBefore`) for `longestLife` first.
   */
  create(record: DelegatedKeyRecord): Promise<{ created: boolean; record: DelegatedKeyRecord }>;
  /** The keys of the windows starting from `fromNotBefore` to `toNotBefore` inclusive, oldest first. */
  list(fromNotBefore: number, toNotBefore: number): Promise<readonly DelegatedKeyRecord[]>;
  /**
   * The stored key of this kid, whatever its window (one read): undefined when no key of that
   * kid is stored, and also for a key stored without its lookup (one stored before lookups
   * were written, or whose lookup write failed after the key's own): a caller that must find
   * every stored key falls back to `list`.
   */
  get(keyId: string): Promise<DelegatedKeyRecord | undefined>;
  /**
   * The longest `validUntil − notBefore` of any key created (0 when none was recorded): how far
   * back from now a key whose `validUntil` has not passed may start, whatever P and V are now.
   */
  longestLife(): Promise<number>;
}
