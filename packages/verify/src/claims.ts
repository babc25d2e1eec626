import { instantOf, issuerMismatch, shown } from './details.js';
import { DOCKET_TYPE, REFUND_DOCKET_TYPE, REVOCATIONS_TYPE, TICKET_TYPE, type DocumentType } from './documents.js';
import { reject, type Rejection } from './reasons.js';

/**
 * What each document type must carry, and what the caller expects of it (issuer, audience,
 * window), checked once the signature has verified, so that a verified document always has
 * the shape its type promises (see documents.ts). Every rejection's detail names the values.
 */
type Check = (value: unknown) => boolean;

const isText: Check = (value) => typeof value === 'string' && value.length > 0;
const isInteger: Check = (value) => typeof value === 'number' && Number.isSafeInteger(value);
const isCount: Check = (value) => isInteger(value) && (value as number) >= 0;
const isBoolean: Check = (value) => typeof value === 'boolean';
const isArrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const isObjectOf =
  (shape: Readonly<Record<string, Check>>): Check =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(shape).every(([name, check]) => check((value as Record<string, unknown>)[name]));
const isAudience: Check = (value) => isText(value) || (Array.isArray(value) && value.length > 0 && value.every(isText));
const isOneOf =
  (...allowed: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value);

/** What every kippu document carries besides its audience. */
const COMMON: Readonly<Record<string, Check>> = { iss: isText, sub: isText, jti: isText, iat: isInteger };

/**
 * What a docket and its refund docket both carry about the settlement, checked in this order
 * after the claims that name the purchase (its route, provider, currency and amounts).
 */
const SETTLEMENT: Readonly<Record<string, Check>> = {
  route: isOneOf('carrier', 'wallet'),
  prv: isText,
  cur: isText,
  amounts: isObjectOf({ grossMinor: isCount, providerNetMinor: isCount, platformFeeMinor: isCount, carrierFeeMinor: isCount }),
};

interface ClaimRules {
  readonly required: Readonly<Record<string, Check>>;
  readonly optional: Readonly<Record<string, Check>>;
}

const RULES: Readonly<Record<DocumentType, ClaimRules>> = {
  [TICKET_TYPE]: {
    required: {
      ...COMMON,
      aud: isText,
      nbf: isInteger,
      exp: isInteger,
      res: isText,
      cap: isArrayOf(isText),
    },
    optional: {
      max: isCount,
      sec: isCount,
      pur: isText,
      rsv: isText,
      txn: isText,
      cnf: isObjectOf({ jkt: isText }),
      otp: isBoolean,
      pwd: isBoolean,
    },
  },
  [DOCKET_TYPE]: {
    required: {
      ...COMMON,
      aud: isAudience,
      pur: isText,
      off: isText,
      res: isText,
      tkt: isText,
      txn: isText,
      ...SETTLEMENT,
      feeBps: isObjectOf({ platform: isCount, carrier: isCount }),
      legs: isArrayOf(isText),
      authorizedAt: isInteger,
      settledAt: isInteger,
    },
    optional: { agt: isText },
  },
  [REFUND_DOCKET_TYPE]: {
    required: {
      ...COMMON,
      aud: isAudience,
      pur: isText,
      dkt: isText,
      tkt: isText,
      ...SETTLEMENT,
      legs: isArrayOf(
        isObjectOf({ kind: isOneOf('post', 'platformFee', 'carrierFee'), trf: isText, rev: isText, amountMinor: isCount }),
      ),
      refundedAt: isInteger,
    },
    optional: { agt: isText },
  },
  [REVOCATIONS_TYPE]: {
    required: {
      ...COMMON,
      aud: isText,
      since: isCount,
      ver: isCount,
      latest: isCount,
      more: isBoolean,
      revoked: isArrayOf(isObjectOf({ jti: isText, ver: isCount, at: isInteger })),
    },
    optional: {},
  },
};

/** The window claims, checked on every type that carries them, required or not. */
const WINDOW: Readonly<Record<string, Check>> = { nbf: isInteger, exp: isInteger };

const misshapen = (type: DocumentType, name: string, value: unknown): Rejection =>
  reject('MALFORMED', `The claim ${name} is ${shown(value)}, which does not have the shape a ${type} requires.`);

/** The first claim that is missing or has the wrong shape for its type, or undefined. */
const claimShapeProblem = (type: DocumentType, payload: Readonly<Record<string, unknown>>): Rejection | undefined => {
  const rules = RULES[type];
  for (const [name, check] of Object.entries(rules.required)) {
    if (payload[name] === undefined) return reject('MISSING_CLAIM', `A ${type} must have the claim ${name}.`);
    if (!check(payload[name])) return misshapen(type, name, payload[name]);
  }
  for (const [name, check] of Object.entries({ ...WINDOW, ...rules.optional })) {
    if (payload[name] !== undefined && !check(payload[name])) return misshapen(type, name, payload[name]);
  }
  return undefined;
};

export interface ClaimExpectations {
  readonly issuer: string;
  readonly audience: string;
  /** Verification time, epoch seconds. */
  readonly nowSeconds: number;
  readonly leewaySeconds: number;
}

const namesAudience = (aud: unknown, audience: string): boolean =>
  aud === audience || (Array.isArray(aud) && aud.includes(audience));

/**
 * The claims of a document whose signature has verified, against its type and what the caller
 * expects: the first claim that is missing or misshapen, then the issuer, the audience and the
 * window (nbf and exp, with the leeway). Undefined when all hold.
 */
export const claimProblem = (
  type: DocumentType,
  payload: Readonly<Record<string, unknown>>,
  expected: ClaimExpectations,
): Rejection | undefined => {
  const shape = claimShapeProblem(type, payload);
  if (shape !== undefined) return shape;
  const { issuer, audience, nowSeconds, leewaySeconds } = expected;
  const wrongIssuer = issuerMismatch(payload.iss, issuer);
  if (wrongIssuer !== undefined) return reject('WRONG_ISSUER', wrongIssuer);
  const { aud, nbf, exp } = payload;
  if (!namesAudience(aud, audience)) {
    return reject(
      'WRONG_AUDIENCE',
      Array.isArray(aud)
        ? `Its aud is ${shown(aud)}, which does not include ${audience}.`
        : `Its aud is ${shown(aud)}, not ${audience}.`,
    );
  }
  const leeway = `with the leeway of ${leewaySeconds} s`;
  const checkedAt = `it was checked at ${instantOf(nowSeconds)}`;
  // The shapes above make nbf and exp integers when present.
  if (typeof nbf === 'number' && nbf > nowSeconds + leewaySeconds) {
    return reject(
      'NOT_YET_VALID',
      `Its nbf is ${nbf} (${instantOf(nbf)}): ${leeway} it is valid from ${instantOf(nbf - leewaySeconds)}, and ${checkedAt}.`,
    );
  }
  if (typeof exp === 'number' && exp <= nowSeconds - leewaySeconds) {
    return reject(
      'EXPIRED',
      `Its exp is ${exp} (${instantOf(exp)}): ${leeway} it was valid until ${instantOf(exp + leewaySeconds)}, and ${checkedAt}.`,
    );
  }
  return undefined;
};
