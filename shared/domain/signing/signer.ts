import type { DocumentToSign, JwsSigner } from '../tickets/ports';
import { delegatedTypesOf, openDelegatedKey, type DelegatedKeyDeps, type OpenedKey } from './delegated-keys';
import { mayDelegate, windowAt, type DelegationWindow } from './policy';

/**
 * The JwsSigner of KIPPU_SIGNING=delegated: a document that a delegated key may sign
 * (policy.ts: a delegated type, issued in the current window — or the one before, for a
 * retry that signs claims issued just before the boundary — and expiring in time) is signed
 * in process with the window's key; anything else by the root (KMS) key. Each container
 * opens a window's key once (one KMS Decrypt) and keeps it for the window.
 *
 * A key signs only the types its own delegation lists: a key certified before refund dockets
 * were delegated leaves them to the root key.
 *
 * A signer that may not write the key store (`createMissingKeys` false: a read-only function)
 * signs with the root key while its window's key does not exist yet. A key stored for the
 * window but certified by another root than the current one (before a root key rotation) is
 * not used: the current root certifies a key of its own for the window.
 */
export class DelegatingJwsSigner implements JwsSigner {
  private readonly opened = new Map<number, Promise<OpenedKey | undefined>>();

  constructor(
    private readonly deps: DelegatedKeyDeps,
    private readonly createMissingKeys: boolean,
  ) {}

  keyId(): Promise<string> {
    return this.deps.root.keyId();
  }

  sign(signingInput: Uint8Array): Promise<Uint8Array> {
    return this.deps.root.sign(signingInput);
  }

  async keyFor(document: DocumentToSign): Promise<JwsSigner> {
    if (document.issuedAt === undefined) return this.deps.root;
    const current = windowAt(this.deps.policy, Math.floor(this.deps.clock.now() / 1000));
    const window = windowAt(this.deps.policy, document.issuedAt);
    const recent = window.notBefore === current.notBefore || window.expiresAt === current.notBefore;
    if (!recent || !mayDelegate(window, document)) return this.deps.root;
    const key = await this.open(window, current);
    // A key certified before a type was delegated keeps to the types its delegation lists.
    if (key === undefined || !mayDelegate(key.record, document) || !delegatedTypesOf(key.record).includes(document.type)) {
      return this.deps.root;
    }
    const { record, sign } = key;
    return { keyId: async () => record.keyId, sign };
  }

  /** The window's key, opened once per container; keys of windows before the previous one are dropped. */
  private open(window: DelegationWindow, current: DelegationWindow): Promise<OpenedKey | undefined> {
    for (const notBefore of this.opened.keys()) {
      if (notBefore < current.notBefore - this.deps.policy.rotationSeconds) this.opened.delete(notBefore);
    }
    let key = this.opened.get(window.notBefore);
    if (key === undefined) {
      // Only the current window's key is ever made here: a retry that signs claims of the window
      // before takes that window's key when the current root certified one, else the root key
      // (after a root key rotation, no third window gets a second key: docs/signing.md).
      key = openDelegatedKey(this.deps, window, this.createMissingKeys && window.notBefore === current.notBefore);
      this.opened.set(window.notBefore, key);
      // A failure (or a key that did not exist yet) is not kept: the next document tries again.
      key.then(
        (opened) => {
          if (opened === undefined) this.opened.delete(window.notBefore);
        },
        () => this.opened.delete(window.notBefore),
      );
    }
    return key;
  }
}
