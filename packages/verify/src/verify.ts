import type { JSONWebKeySet, ProtectedHeaderParameters } from 'jose';
import { claimProblem } from './claims.js';
import {
  DOCKET_TYPE,
  DOCUMENT_TYPES,
  REFUND_DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  type ClaimsOf,
  type DocketClaims,
  type DocumentType,
  type RefundDocketClaims,
  type RevocationListClaims,
  type RevokedTicket,
  type TicketClaims,
} from './documents.js';
import { verifySignedJws } from './jws.js';
import { delegationProblem } from './keys.js';
import { reject, type RejectionReason } from './reasons.js';

export { REJECTION_REASONS, type RejectionReason } from './reasons.js';

/**
 * Offline verification of kippu's documents. Everything is pinned: ES256 only, a key from the
 * given JWK Set chosen by `kid`, a canonical signature, the issuer, the audience, the `typ`,
 * the window with a small leeway, and the claims the type requires. A rejection names its
 * reason; options that make no sense are refused before the token is looked at.
 *
 * Flow: options → the signature check of jws.ts (the token's three parts → header (alg, typ,
 * kid) → the key (a root key, or a delegated key whose delegation holds and allows the typ:
 * keys.ts) → the signature's encoding → the signature (jose)) → the type's claims, the
 * issuer, the audience and the window (claims.ts) → a delegated key's issuer, window and
 * validity → for a ticket, the
 * revocation lists it was given. Every rejection's detail is a sentence naming the values.
 */

/** kippu's contract caps verification leeway at 60 seconds. */
export const VERIFY_LEEWAY_SECONDS_MAX = 60;
export const VERIFY_LEEWAY_SECONDS_DEFAULT = 30;

/** Options that cannot be right: a bug in the caller, refused before any verification. */
export class VerifyOptionsError extends TypeError {
  override readonly name = 'VerifyOptionsError';

  constructor(
    /** The option at fault, for example `leewaySeconds`. */
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyOptions {
  /** kippu's key set, as served at `/.well-known/jwks.json`. */
  readonly jwks: JSONWebKeySet;
  /** kippu's issuer URL (the API's base URL). */
  readonly issuer: string;
  /** Who the document must be addressed to: a provider id (or a carrier's, for a docket or a refund docket). */
  readonly audience: string;
  /** Whole seconds from 0 to 60; 30 when left out. */
  readonly leewaySeconds?: number;
  /** Verification time; now when left out. */
  readonly now?: Date;
  /**
   * The kids (RFC 7638 thumbprints) of kippu's root keys, its KMS keys. When given, only these
   * may sign documents directly or vouch for delegated keys; when left out, every key of the
   * set that carries no delegation is a root key.
   */
  readonly rootKeyIds?: readonly string[];
}

export interface DocumentVerifyOptions<Type extends DocumentType> extends VerifyOptions {
  /** The expected `typ`; a ticket when left out. */
  readonly type?: Type;
}

export interface TicketVerifyOptions extends VerifyOptions {
  /**
   * Verified pages of the provider's revocation list (from `verifyRevocationList`, with the
   * same audience): a ticket listed on any of them is rejected as REVOKED.
   */
  readonly revocations?: readonly RevocationListClaims[];
}

export type VerifyResult<Claims> =
  | { readonly ok: true; readonly claims: Claims; readonly header: ProtectedHeaderParameters }
  | { readonly ok: false; readonly reason: RejectionReason; readonly detail: string };

const refuse = (option: string, message: string): never => {
  throw new VerifyOptionsError(option, message);
};

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The options every verify function takes; `verifyDocument` takes `type` too, `verifyTicket` `revocations`. */
const COMMON_OPTIONS = ['jwks', 'issuer', 'audience', 'leewaySeconds', 'now', 'rootKeyIds'] as const;
const DOCUMENT_OPTIONS: readonly string[] = [...COMMON_OPTIONS, 'type'];
const TICKET_OPTIONS: readonly string[] = [...COMMON_OPTIONS, 'revocations'];

/** Names a caller may reach for instead of the option's (the CLI's flag is --leeway). */
const MEANT: Readonly<Record<string, string>> = { leeway: 'leewaySeconds', root: 'rootKeyIds', rootKeyId: 'rootKeyIds' };

/**
 * An option this function does not know cannot be right: it would be ignored, and what the
 * caller meant by it (a `leeway` of 61) would silently not happen. Refused, naming it.
 */
const refuseUnknownOptions = (options: object, known: readonly string[]): void => {
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown === undefined) return;
  const meant = MEANT[unknown];
  refuse(
    unknown,
    `${unknown} is not an option${meant === undefined ? '' : ` (the option is ${meant})`}; the options are ${known.join(', ')}.`,
  );
};

/** Throws VerifyOptionsError for the first option that cannot be right; returns the leeway and type to use. */
const checkedOptions = (
  options: VerifyOptions,
  type: unknown,
  known: readonly string[] = DOCUMENT_OPTIONS,
): { leewaySeconds: number; type: DocumentType } => {
  if (typeof options !== 'object' || options === null)
    refuse('options', 'Verify options are an object with jwks, issuer and audience.');
  refuseUnknownOptions(options, known);
  const { jwks, issuer, audience, leewaySeconds, now } = options;
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) {
    refuse('jwks', 'jwks must be a JWK Set: an object with a keys array.');
  }
  if (!isNonEmptyString(issuer)) refuse('issuer', 'issuer must be a non-empty string: kippu’s issuer URL.');
  if (!isNonEmptyString(audience)) refuse('audience', 'audience must be a non-empty string: the provider id.');
  if (
    leewaySeconds !== undefined &&
    !(Number.isInteger(leewaySeconds) && leewaySeconds >= 0 && leewaySeconds <= VERIFY_LEEWAY_SECONDS_MAX)
  ) {
    refuse(
      'leewaySeconds',
      `leewaySeconds must be a whole number of seconds from 0 to ${VERIFY_LEEWAY_SECONDS_MAX}, not ${String(leewaySeconds)}.`,
    );
  }
  if (now !== undefined && !(now instanceof Date && Number.isFinite(now.getTime()))) {
    refuse('now', 'now must be a valid Date.');
  }
  const { rootKeyIds } = options;
  if (rootKeyIds !== undefined && !(Array.isArray(rootKeyIds) && rootKeyIds.length > 0 && rootKeyIds.every(isNonEmptyString))) {
    refuse('rootKeyIds', 'rootKeyIds must be a non-empty list of key ids (the thumbprints of kippu’s root keys).');
  }
  if (!DOCUMENT_TYPES.some((known) => known === type)) {
    refuse('type', `type must be one of ${DOCUMENT_TYPES.join(', ')}, not ${String(type)}.`);
  }
  return { leewaySeconds: leewaySeconds ?? VERIFY_LEEWAY_SECONDS_DEFAULT, type: type as DocumentType };
};

const checkedRevocationLists = (options: TicketVerifyOptions): readonly RevocationListClaims[] => {
  const lists = options?.revocations ?? [];
  if (!Array.isArray(lists)) return refuse('revocations', 'revocations must be an array of verified revocation lists.');
  for (const list of lists) {
    if (typeof list !== 'object' || list === null || !Array.isArray(list.revoked)) {
      refuse('revocations', 'Each revocation list is the claims of a verified kippu-revocations+jwt.');
    }
    if (list.aud !== options.audience) {
      refuse('revocations', `A revocation list of ${String(list.aud)} cannot revoke tickets of ${options.audience}.`);
    }
  }
  return lists;
};

/** Verifies a document of the given type (a ticket when `type` is left out). */
export const verifyDocument = async <Type extends DocumentType = typeof TICKET_TYPE>(
  token: string,
  options: DocumentVerifyOptions<Type>,
): Promise<VerifyResult<ClaimsOf[Type]>> => {
  const { leewaySeconds, type } = checkedOptions(options, options?.type ?? TICKET_TYPE);

  const signed = await verifySignedJws(token, type, options);
  if (!signed.ok) return signed;
  const { header, payload, key: selected } = signed;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const problem = claimProblem(type, payload, { ...options, nowSeconds, leewaySeconds });
  if (problem !== undefined) return problem;
  const delegated = delegationProblem(selected, payload, nowSeconds, leewaySeconds);
  if (delegated !== undefined) return delegated;
  return { ok: true, claims: payload as unknown as ClaimsOf[Type], header };
};

/** The entry that revokes this ticket on any of the (verified) lists, or undefined. */
export const findRevocation = (
  ticket: Pick<TicketClaims, 'jti'>,
  lists: readonly RevocationListClaims[],
): RevokedTicket | undefined => {
  for (const list of lists) {
    const entry = list.revoked.find((revoked) => revoked.jti === ticket.jti);
    if (entry !== undefined) return entry;
  }
  return undefined;
};

/** Verifies a ticket and, when given revocation lists, rejects it as REVOKED if it is listed. */
export const verifyTicket = async (token: string, options: TicketVerifyOptions): Promise<VerifyResult<TicketClaims>> => {
  checkedOptions(options, TICKET_TYPE, TICKET_OPTIONS);
  const lists = checkedRevocationLists(options);
  const { revocations: _lists, ...documentOptions } = options;
  const result = await verifyDocument(token, { ...documentOptions, type: TICKET_TYPE });
  if (!result.ok) return result;
  const revoked = findRevocation(result.claims, lists);
  if (revoked !== undefined) {
    return reject(
      'REVOKED',
      `Ticket ${result.claims.jti} is on the revocation list of ${result.claims.aud} (version ${revoked.ver}, revoked at ${new Date(revoked.at * 1000).toISOString()}).`,
    );
  }
  return result;
};

export const verifyDocket = (token: string, options: VerifyOptions): Promise<VerifyResult<DocketClaims>> =>
  verifyDocument(token, { ...options, type: DOCKET_TYPE });

/**
 * Verifies a refund docket: the signed reversal of a docket's settlement; `audience` is the
 * provider or, on the carrier route, the carrier, as for the docket.
 */
export const verifyRefundDocket = (token: string, options: VerifyOptions): Promise<VerifyResult<RefundDocketClaims>> =>
  verifyDocument(token, { ...options, type: REFUND_DOCKET_TYPE });

/** Verifies one page of a provider's revocation list; `audience` is the provider. */
export const verifyRevocationList = (token: string, options: VerifyOptions): Promise<VerifyResult<RevocationListClaims>> =>
  verifyDocument(token, { ...options, type: REVOCATIONS_TYPE });
