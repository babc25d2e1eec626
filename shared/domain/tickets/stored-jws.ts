import { TICKET_TYPE } from '@kippu/verify/documents';
import type { TicketRecord } from './ticket';

/**
 * A signed document stored beside the record it was built from, without repeating it.
 *
 * A ticket's or a docket's compact JWS is `header.payload.signature`; its header names only
 * the algorithm, the key and the type, and nearly every claim of its payload is a field the
 * stored record holds anyway. So the store keeps the JWS as a `StoredJws`: the key id when
 * the record does not hold it, the signature, and only the claims the record cannot give
 * (the issuer, ids the record does not keep). Reading rebuilds the very same token, byte for
 * byte: the ECDSA signature is not deterministic, but the signed bytes are, and they are the
 * only input to the signature a verifier checks.
 *
 * A layout says, in the order the payload was serialized, how each claim derives from the
 * record. It is a storage format, frozen once items are written with it (`form`): the signing
 * code may change (a new claim, another order), because a token the layout does not rebuild
 * exactly is never compacted (`compactJws` rebuilds it before answering and answers
 * `undefined`: the caller stores the token whole). A layout that must change gets a new
 * `form`, and the old one stays to read what it wrote.
 */
export interface JwsLayout<Source> {
  /** The layout's version, stored with every token it compacts. */
  readonly form: number;
  readonly type: string;
  /** The header's `kid` from the record, when the record keeps it (else it is stored). */
  readonly keyIdOf?: (source: Source) => string;
  /** Every claim the layout knows, in the order the signer serializes them; `undefined` = absent. */
  readonly claims: readonly (readonly [name: string, derive: (source: Source) => unknown])[];
}

export interface StoredJws {
  readonly form: number;
  /** The header's kid, when the record does not hold it. */
  readonly kid?: string;
  /** The base64url signature (the JWS's third part). */
  readonly sig: string;
  /** The claims the record does not give, by name (the issuer, ids the record does not keep). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

const base64url = (text: string): string => Buffer.from(text).toString('base64url');

const sameJson = (left: unknown, right: unknown): boolean => JSON.stringify(left) === JSON.stringify(right);

/** The token a stored JWS stands for, or `undefined` when it was written with another layout. */
export const rebuildJws = <Source>(layout: JwsLayout<Source>, stored: StoredJws, source: Source): string | undefined => {
  if (stored.form !== layout.form) return undefined;
  const kid = stored.kid ?? layout.keyIdOf?.(source);
  if (kid === undefined) return undefined;
  const given = stored.claims ?? {};
  const payload: Record<string, unknown> = {};
  for (const [name, derive] of layout.claims) {
    const value = name in given ? given[name] : derive(source);
    if (value !== undefined) payload[name] = value;
  }
  const header = { alg: 'ES256', kid, typ: layout.type };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${stored.sig}`;
};

const parseJson = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value with an object anywhere in it: DynamoDB keeps a map's members in an order of its own. */
const holdsObject = (value: unknown): boolean => isObject(value) || (Array.isArray(value) && value.some(holdsObject));

/**
 * The stored form of a token, or `undefined` when the layout cannot rebuild it exactly (not
 * a compact JWS of the layout's type, a claim the layout does not know, a claim absent that
 * the record would give, a claim to store that holds an object, whose members a map attribute
 * would not keep in order): the caller then stores the token whole.
 */
export const compactJws = <Source>(layout: JwsLayout<Source>, token: string, source: Source): StoredJws | undefined => {
  const [headerPart, payloadPart, sig, ...rest] = token.split('.');
  if (headerPart === undefined || payloadPart === undefined || sig === undefined || rest.length > 0) return undefined;
  const header = parseJson(headerPart);
  const payload = parseJson(payloadPart);
  if (!isObject(header) || !isObject(payload) || typeof header.kid !== 'string') return undefined;
  const known = new Set(layout.claims.map(([name]) => name));
  if (Object.keys(payload).some((name) => !known.has(name))) return undefined;
  const claims: Record<string, unknown> = {};
  for (const [name, derive] of layout.claims) {
    const value = payload[name];
    if (value === undefined) {
      if (derive(source) !== undefined) return undefined;
    } else if (!sameJson(value, derive(source))) {
      if (holdsObject(value)) return undefined;
      claims[name] = value;
    }
  }
  const stored: StoredJws = {
    form: layout.form,
    ...(header.kid === layout.keyIdOf?.(source) ? {} : { kid: header.kid }),
    sig,
    ...(Object.keys(claims).length === 0 ? {} : { claims }),
  };
  return rebuildJws(layout, stored, source) === token ? stored : undefined;
};

const epochSecondsOf = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * A ticket's token beside its record (form 1): the record gives every claim but the issuer
 * and the ids of what the ticket was issued for (`pur`, `rsv`, `txn`), and the header's kid.
 */
export const TICKET_JWS_LAYOUT: JwsLayout<TicketRecord> = {
  form: 1,
  type: TICKET_TYPE,
  keyIdOf: (ticket) => ticket.keyId,
  claims: [
    ['iss', () => undefined],
    ['sub', (ticket) => ticket.subject],
    ['aud', (ticket) => ticket.providerId],
    ['jti', (ticket) => ticket.id],
    ['iat', (ticket) => epochSecondsOf(ticket.issuedAt)],
    ['nbf', (ticket) => epochSecondsOf(ticket.notBefore)],
    ['exp', (ticket) => epochSecondsOf(ticket.expiresAt)],
    ['res', (ticket) => ticket.resource],
    ['cap', (ticket) => ticket.capabilities],
    ['max', (ticket) => ticket.maxUses],
    ['sec', (ticket) => ticket.maxSeconds],
    ['pur', () => undefined],
    ['rsv', () => undefined],
    ['txn', () => undefined],
    ['cnf', (ticket) => (ticket.binding === undefined ? undefined : { jkt: ticket.binding.jkt })],
    ['otp', (ticket) => (ticket.otp === true ? true : undefined)],
    ['pwd', (ticket) => (ticket.fixedPassword === true ? true : undefined)],
  ],
};
