/**
 * A ticket: a signed, offline-verifiable grant of access to one provider's resource for a
 * window. The record kippu keeps beside the token says who holds it and whether it is still
 * good; the token itself carries only a pseudonymous subject.
 */
export type TicketStatus = 'active' | 'revoked';

export interface TicketRecord {
  readonly id: string;
  readonly providerId: string;
  /** The holder's identity. Never in the token, never shown to the provider. */
  readonly holderId: string;
  /** Pseudonymous `sub`, stable per (provider, holder), unlinkable across providers. */
  readonly subject: string;
  readonly resource: string;
  readonly capabilities: readonly string[];
  readonly issuedAt: string;
  readonly notBefore: string;
  readonly expiresAt: string;
  readonly status: TicketStatus;
  readonly keyId: string;
  readonly token: string;
  readonly maxUses?: number;
  readonly maxSeconds?: number;
  readonly otp?: boolean;
  /** Who asked for it: `role:subject`. */
  readonly issuedBy: string;
  /** When it was revoked (refund, rejected settlement, cancellation, transfer). */
  readonly revokedAt?: string;
}

/** The claim names fixed by the spec, as the verifier package reads them. */
export type { TicketClaims } from '@kippu/verify/documents';

export interface TicketStore {
  /** Store a new ticket unless its id exists; an existing record is returned as it is. */
  create(record: TicketRecord): Promise<{ created: boolean; record: TicketRecord }>;
  get(id: string): Promise<TicketRecord | undefined>;
  /**
   * active → revoked with a conditional write; revoking a revoked ticket changes nothing.
   * Returns the stored record, or undefined when no ticket has this id.
   */
  revoke(id: string, revokedAt: string): Promise<TicketRecord | undefined>;
}

export interface PseudonymStore {
  /** The stable pseudonym of `holderId` towards `providerId`, created on first use. */
  subjectFor(providerId: string, holderId: string): Promise<string>;
}
