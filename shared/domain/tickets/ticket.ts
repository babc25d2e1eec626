/**
 * A ticket: a signed, offline-verifiable grant of access to one provider's resource for a
 * window. The record kippu keeps beside the token says who holds it and whether it is still
 * good; the token itself carries only a pseudonymous subject.
 */
type TicketStatus = 'active' | 'revoked';

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
