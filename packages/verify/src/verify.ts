import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  importJWK,
  type JSONWebKeySet,
  type ProtectedHeaderParameters,
} from 'jose';
import { claimProblem } from './claims.js';
import { shown } from './details.js';
import {
  DOCKET_TYPE,
  DOCUMENT_TYPES,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  type ClaimsOf,
  type DocketClaims,
  type DocumentType,
  type RevocationListClaims,
  type RevokedTicket,
  type TicketClaims,
} from './documents.js';
import { delegationProblem, keyFor } from './keys.js';
import { reject, type RejectionReason } from './reasons.js';
import { signatureProblem } from './signature.js';

export { REJECTION_REASONS, type RejectionReason } from './reasons.js';

/**
 * Offline verification of kippu's documents. Everything is pinned: ES256 only, a key from the
 * given JWK Set chosen by `kid`, a canonical signature, the issuer, the audience, the `typ`,
 * the window with a small leeway, and the claims the type requires. A rejection names its
 * reason; options that make no sense are refused before the token is looked at.
 *
 * Flow: options → the token's three parts → header (alg, typ, kid) → the key (a root key,
 * or a delegated key whose delegation holds and allows the typ: keys.ts) → the signature's
 * encoding → the signature (jose) → the type's claims, the issuer, the audience and the
 * window (claims.ts) → a delegated key's issuer, window and validity → for a ticket, the
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
  /** Who the document must be addressed to: a provider id (or a carrier's, for a docket). */
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

/** Throws VerifyOptionsError for the first option that cannot be right; returns the leeway and type to use. */
const checkedOptions = (options: VerifyOptions, type: unknown): { leewaySeconds: number; type: DocumentType } => {
  if (typeof options !== 'object' || options === null)
    refuse('options', 'Verify options are an object with jwks, issuer and audience.');
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

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The claims of a token whose signature has verified (so the payload decoded is the signed one). */
const claimsOf = (token: string): Record<string, unknown> | undefined => {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
};

/** Verifies a document of the given type (a ticket when `type` is left out). */
export const verifyDocument = async <Type extends DocumentType = typeof TICKET_TYPE>(
  token: string,
  options: DocumentVerifyOptions<Type>,
): Promise<VerifyResult<ClaimsOf[Type]>> => {
  const { leewaySeconds, type } = checkedOptions(options, options?.type ?? TICKET_TYPE);

  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) {
    return reject(
      'MALFORMED',
      `The token has ${parts.length} part${parts.length === 1 ? '' : 's'}; a compact JWS has three, separated by dots.`,
    );
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return reject('MALFORMED', 'The token’s header is not a base64url-encoded JSON object.');
  }
  // The header is checked here, before jose, so that the reason is exact and no key is
  // ever tried with an algorithm other than ES256.
  if (header.alg !== 'ES256')
    return reject('ALG_NOT_ALLOWED', `The header’s alg is ${shown(header.alg)}; only ES256 is allowed.`);
  if (header.typ !== type) return reject('WRONG_TYPE', `The header’s typ is ${shown(header.typ)}, not ${type}.`);
  if (!BASE64URL.test(parts[1] ?? '')) return reject('MALFORMED', 'The token’s payload is not base64url.');
  // kippu's documents use no critical extensions (an unencoded payload among them).
  if (header.crit !== undefined) return reject('MALFORMED', `The header lists critical extensions ${shown(header.crit)}.`);
  const selected = await keyFor(header, options);
  if ('rejection' in selected) return selected.rejection;
  const malleable = signatureProblem(parts[2] ?? '');
  if (malleable !== undefined) return malleable;

  let publicKey: Awaited<ReturnType<typeof importJWK>>;
  try {
    publicKey = await importJWK({ ...selected.key, alg: 'ES256' }, 'ES256');
  } catch {
    return reject('UNKNOWN_KID', `The key with kid ${String(header.kid)} is not a usable P-256 public key.`);
  }
  try {
    await compactVerify(token, publicKey, { algorithms: ['ES256'] });
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return reject('BAD_SIGNATURE', `The signature does not verify with key ${String(header.kid)}.`);
    }
    if (error instanceof joseErrors.JOSEError) {
      return reject('MALFORMED', `The token is not a well-formed compact JWS (${error.code}).`);
    }
    throw error;
  }
  const payload = claimsOf(token);
  if (payload === undefined) return reject('MALFORMED', 'The token’s payload is not a JSON object.');
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
  const lists = checkedRevocationLists(options);
  const result = await verifyDocument(token, { ...options, type: TICKET_TYPE });
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

/** Verifies one page of a provider's revocation list; `audience` is the provider. */
export const verifyRevocationList = (token: string, options: VerifyOptions): Promise<VerifyResult<RevocationListClaims>> =>
  verifyDocument(token, { ...options, type: REVOCATIONS_TYPE });
