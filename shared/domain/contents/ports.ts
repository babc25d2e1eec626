import type { Page } from '../page';

/**
 * What the content catalogue needs from the outside world, declared by its consumer. The
 * DynamoDB store and the KMS vault live in shared/adapters/aws, the in-memory ones in
 * shared/adapters/memory; each pair passes one contract suite (test/contract/contents-contract.ts).
 */

/**
 * A content key sealed by envelope encryption: a fresh data key from KMS (`GenerateDataKey`
 * under kippu's data key, bound to the content id by the encryption context) encrypted the
 * content key with AES-256-GCM; only the encrypted data key is kept. Every member is base64url.
 */
export interface SealedContentKey {
  readonly encryptedDataKey: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

export interface ContentKeyVault {
  /** Seals a content key for this content; the plain key is never stored or logged. */
  seal(contentId: string, contentKey: Uint8Array): Promise<SealedContentKey>;
  /** The plain content key; only the content it was sealed for opens it. */
  open(contentId: string, sealed: SealedContentKey): Promise<Uint8Array>;
}

export interface ContentRecord {
  readonly id: string;
  readonly providerId: string;
  readonly title: string;
  readonly keywords: readonly string[];
  /** The purposes a usage right for this content may name. */
  readonly purposes: readonly string[];
  /** The longest period a usage right for this content may have. */
  readonly maxPeriodSeconds: number;
  readonly capabilities: readonly string[];
  readonly sealedKey: SealedContentKey;
  /** Lower-case words of the title and keywords, for keyword search (` word word `). */
  readonly searchText: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface ContentQuery {
  /** Lower-case keywords; every one must prefix a word of the content's search text. */
  readonly keywords: readonly string[];
  readonly limit: number;
  readonly cursor?: string;
}

export interface ContentStore {
  /** Stores the content unless its id exists; returns what is stored. */
  create(record: ContentRecord): Promise<ContentRecord>;
  get(id: string): Promise<ContentRecord | undefined>;
  /** Newest first. INVALID_CURSOR for a cursor it did not hand out. */
  list(query: ContentQuery): Promise<Page<ContentRecord>>;
}
