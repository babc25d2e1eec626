import type { TicketRecord } from './ticket';

/**
 * What issuing, reading and revoking tickets need from the outside, declared here by their
 * consumer. None of these methods throws a DomainError: an absent record is `undefined`, a
 * repeated create or revoke answers what is stored. Infrastructure failures propagate (the
 * request becomes a 500, a worker's message is retried).
 */
export interface TicketStore {
  /** Store a new ticket unless its id exists (a conditional write); an existing record is returned as it is. */
  create(record: TicketRecord): Promise<{ created: boolean; record: TicketRecord }>;
  get(id: string): Promise<TicketRecord | undefined>;
  /**
   * active → revoked with a conditional write; revoking a revoked ticket changes nothing.
   * Returns the stored record, or undefined when no ticket has this id.
   */
  revoke(id: string, revokedAt: string): Promise<TicketRecord | undefined>;
  /**
   * The ids of the tickets made from this one (its grants, the ticket it moved to), each
   * linked in the same write that stored it (AllowanceStore.commit, which holds only while
   * this ticket is active): once this ticket is revoked, the answer is complete. Read
   * strongly consistent, every page; [] for a ticket nothing was made from.
   */
  derivedFrom(id: string): Promise<string[]>;
}

export interface PseudonymStore {
  /**
   * The stable pseudonym of `holderId` towards `providerId`, created on first use (a
   * conditional write: concurrent first uses agree on one), unlinkable across providers.
   */
  subjectFor(providerId: string, holderId: string): Promise<string>;
}

/**
 * Signs compact JWS (ES256) so that the domain never sees a private key: KMS signs in AWS
 * and locally, an in-process key in unit tests. No DomainError; a signing failure propagates.
 */
export interface JwsSigner {
  /** The `kid` of the signing key (its RFC 7638 JWK thumbprint). */
  keyId(): Promise<string>;
  /** ECDSA P-256 / SHA-256 over the signing input, as JOSE raw r||s (64 bytes). */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  /**
   * A signer that holds several keys picks the one for this document (kippu's delegated
   * keys, shared/domain/signing); a signer without it signs every document with its one key.
   */
  keyFor?(document: DocumentToSign): Promise<JwsSigner>;
}

/** What a signer may base its choice of key on: the `typ`, and the `iat` and `exp` claims when present (epoch seconds). */
export interface DocumentToSign {
  readonly type: string;
  readonly issuedAt?: number;
  readonly expiresAt?: number;
}
