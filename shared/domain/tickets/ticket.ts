import { DomainError } from '../../errors';

/**
 * A ticket: a signed, offline-verifiable grant of access to one provider's resource for a
 * window. The record kippu keeps beside the token says who holds it and whether it is still
 * good; the token itself carries only a pseudonymous subject.
 */
type TicketStatus = 'active' | 'revoked';

/** A P-256 public key as a JWK (public members only). */
export interface TicketDeviceKey {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

/**
 * The device a ticket is bound to (its `cnf.jkt`): redeeming it needs a proof signed by this
 * key, and a content key reaches only this key.
 */
export interface TicketBinding {
  readonly deviceId: string;
  /** RFC 7638 thumbprint of publicJwk: the token's `cnf.jkt`. */
  readonly jkt: string;
  readonly publicJwk: TicketDeviceKey;
}

export interface TicketRecord {
  readonly id: string;
  readonly providerId: string;
  /** The holder's identity. Never in the token, never shown to the provider. */
  readonly holderId: string;
  /** Pseudonymous `sub`, stable per (provider, holder), unlinkable across providers (but for a bound ticket's `cnf.jkt`). */
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
  /** A one-time password is needed for every connection (`otp` claim). */
  readonly otp?: boolean;
  /** The holder's fixed password is needed for every connection (`pwd` claim); never with `otp`. */
  readonly fixedPassword?: boolean;
  /** The content this ticket is a usage right for (redeems answer its key to the bound device). */
  readonly contentId?: string;
  /** The purpose of the usage right, one the content and the offer allow. */
  readonly purpose?: string;
  readonly binding?: TicketBinding;
  /** The ticket this one was granted from (its holder gave part of its allowance). */
  readonly grantedFrom?: string;
  /** The ticket this one replaced when it moved to another device. */
  readonly transferredFrom?: string;
  /** Who asked for it: `role:subject`. */
  readonly issuedBy: string;
  /** When it was revoked (refund, rejected settlement, cancellation, transfer). */
  readonly revokedAt?: string;
}

/** The claim names fixed by the spec, as the verifier package reads them. */
export type { TicketClaims } from '@kippu/verify/documents';

/**
 * A ticket has one connection password mode (SPEC S1): one-time passwords (`otp`), a fixed
 * password (`fixedPassword`), or none. An offer or a ticket asking for both is refused,
 * naming `fixedPassword`.
 */
export const requireOnePasswordMode = (input: { readonly otp?: boolean; readonly fixedPassword?: boolean }): void => {
  if (input.otp === true && input.fixedPassword === true) {
    throw new DomainError('VALIDATION_FAILED', 'A ticket takes one-time passwords or a fixed password, not both.', [
      { field: 'fixedPassword', message: 'cannot be true together with otp' },
    ]);
  }
};
