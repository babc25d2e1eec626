/**
 * The documents kippu signs, told apart by the JWS `typ` header, and the claims a
 * verifier can rely on once a document has verified. This module has no dependencies, so
 * that kippu's signing side can share the `typ` names without pulling in the verifier.
 */
export const TICKET_TYPE = 'kippu-ticket+jwt';
export const DOCKET_TYPE = 'kippu-docket+jwt';
export const REVOCATIONS_TYPE = 'kippu-revocations+jwt';
export const REFUND_DOCKET_TYPE = 'kippu-refund-docket+jwt';

export const DOCUMENT_TYPES = [TICKET_TYPE, DOCKET_TYPE, REVOCATIONS_TYPE, REFUND_DOCKET_TYPE] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A ticket: access to one provider's resource within a window. */
export interface TicketClaims {
  readonly iss: string;
  /** The holder's pseudonym towards this provider (stable per provider, unlinkable across providers). */
  readonly sub: string;
  /** The provider. */
  readonly aud: string;
  /** The ticket id: what identifies a ticket, never the token's bytes. */
  readonly jti: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  /** The resource: server/stream, channel or content id. */
  readonly res: string;
  /** Capabilities, for example `image`, `voice`, `control`. */
  readonly cap: readonly string[];
  readonly max?: number;
  readonly sec?: number;
  readonly pur?: string;
  readonly rsv?: string;
  readonly txn?: string;
  readonly cnf?: { readonly jkt: string };
  /** A one-time password is needed for every connection. */
  readonly otp?: boolean;
  /** The holder's fixed password is needed for every connection. */
  readonly pwd?: boolean;
}

/** The amounts of a settled purchase, in minor units: a docket's, and its refund docket's (given back). */
export interface SettledAmounts {
  readonly grossMinor: number;
  readonly providerNetMinor: number;
  readonly platformFeeMinor: number;
  /** Zero on the wallet route. */
  readonly carrierFeeMinor: number;
}

/** A docket: kippu's signed record that a purchase was settled, for its provider and carrier. */
export interface DocketClaims {
  readonly iss: string;
  /** The customer's pseudonym towards the provider (the ticket's `sub`). */
  readonly sub: string;
  /** The provider, and on the carrier route also the carrier. */
  readonly aud: string | readonly string[];
  readonly jti: string;
  readonly iat: number;
  readonly pur: string;
  readonly off: string;
  readonly res: string;
  /** The ticket the purchase issued. */
  readonly tkt: string;
  readonly txn: string;
  readonly route: 'carrier' | 'wallet';
  readonly prv: string;
  readonly agt?: string;
  readonly cur: string;
  readonly amounts: SettledAmounts;
  readonly feeBps: { readonly platform: number; readonly carrier: number };
  readonly legs: readonly string[];
  readonly authorizedAt: number;
  readonly settledAt: number;
}

/** One leg of a refund: the reversal of one leg of the settlement the docket recorded. */
export interface RefundDocketLeg {
  /** Which settlement leg it reverses: the post to the provider, the platform fee, the carrier fee. */
  readonly kind: 'post' | 'platformFee' | 'carrierFee';
  /** The reversal transfer. */
  readonly trf: string;
  /** The settlement leg it reverses (one of the docket's `legs`). */
  readonly rev: string;
  readonly amountMinor: number;
}

/**
 * A refund docket: kippu's signed record that the settlement a docket recorded was reversed,
 * for the same parties as the docket (its `aud`). A carrier that collects a purchase against
 * its docket nets it to zero with this.
 */
export interface RefundDocketClaims {
  readonly iss: string;
  /** The customer's pseudonym towards the provider (the docket's `sub`). */
  readonly sub: string;
  /** The docket's audience: the provider, and on the carrier route also the carrier. */
  readonly aud: string | readonly string[];
  /** The refund docket's id. */
  readonly jti: string;
  /** The refund time, as `refundedAt`. */
  readonly iat: number;
  readonly pur: string;
  /** The docket whose settlement this reverses (its `jti`). */
  readonly dkt: string;
  readonly tkt: string;
  readonly route: 'carrier' | 'wallet';
  readonly prv: string;
  readonly agt?: string;
  readonly cur: string;
  /** The amounts reversed: the docket's amounts, each given back. */
  readonly amounts: SettledAmounts;
  /** The reversal transfers, one per leg of the settlement, with the amount each moved back. */
  readonly legs: readonly RefundDocketLeg[];
  readonly refundedAt: number;
}

/** One revoked ticket on a provider's list. */
export interface RevokedTicket {
  /** The revoked ticket's `jti`. */
  readonly jti: string;
  /** The list version this revocation got. */
  readonly ver: number;
  /** When it was revoked, epoch seconds. */
  readonly at: number;
}

/**
 * One page of a provider's revocation list: the entries with version in (since, ver]. When
 * `more` is true, ask again with `since` = `ver`.
 */
export interface RevocationListClaims {
  readonly iss: string;
  /** The provider whose list this is. */
  readonly sub: string;
  /** The provider again: the list is addressed to it. */
  readonly aud: string;
  readonly jti: string;
  readonly iat: number;
  readonly since: number;
  readonly ver: number;
  readonly latest: number;
  readonly more: boolean;
  readonly revoked: readonly RevokedTicket[];
}

export interface ClaimsOf {
  readonly [TICKET_TYPE]: TicketClaims;
  readonly [DOCKET_TYPE]: DocketClaims;
  readonly [REVOCATIONS_TYPE]: RevocationListClaims;
  readonly [REFUND_DOCKET_TYPE]: RefundDocketClaims;
}

/**
 * A delegation: kippu's KMS key (a root key) vouching for a short-lived signing key. A JWS
 * with this `typ`, signed by a root key of the JWK Set, carried by the delegated key's JWK in
 * the member `kippu_delegation`. Verifiers that ignore it still verify kippu's documents (the
 * delegated key is an ordinary ES256 key of the set); @kippu/verify checks it.
 */
export const DELEGATION_TYPE = 'kippu-delegation+jwt';
/** The JWK member that carries a delegated key's delegation (a compact JWS). */
export const DELEGATION_MEMBER = 'kippu_delegation';

/** A P-256 public key as a bare JWK. */
export interface PublicEcJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

export interface DelegationClaims {
  /** kippu's issuer URL, as in every document. */
  readonly iss: string;
  /** The delegated key's `kid`: the RFC 7638 thumbprint of `cnf.jwk`. */
  readonly sub: string;
  readonly jti: string;
  /** When the delegation was made (it is made ahead of its window). */
  readonly iat: number;
  /** The delegated key may sign documents issued (`iat`) from `nbf` ... */
  readonly nbf: number;
  /** ... until before `exp`: the signing window. */
  readonly exp: number;
  /** The delegated public key (RFC 7800 confirmation claim). */
  readonly cnf: { readonly jwk: PublicEcJwk };
  /** The document types (`typ`) the delegated key may sign. */
  readonly types: readonly DocumentType[];
  /**
   * No document the key signs is valid after this time: a document's `exp` is at most this,
   * and a document without `exp` (a docket, a revocation list) verifies until this.
   */
  readonly validUntil: number;
}
