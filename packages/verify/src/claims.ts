import { DOCKET_TYPE, REVOCATIONS_TYPE, TICKET_TYPE, type DocumentType } from './documents.js';

/**
 * What each document type must carry, checked after the signature and the registered claims
 * (iss, aud, nbf, exp, iat), so that a verified document always has the shape its type
 * promises (see documents.ts).
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
      route: isOneOf('carrier', 'wallet'),
      prv: isText,
      cur: isText,
      amounts: isObjectOf({
        grossMinor: isCount,
        providerNetMinor: isCount,
        platformFeeMinor: isCount,
        carrierFeeMinor: isCount,
      }),
      feeBps: isObjectOf({ platform: isCount, carrier: isCount }),
      legs: isArrayOf(isText),
      authorizedAt: isInteger,
      settledAt: isInteger,
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

/** The claims every document of the type must carry. */
export const requiredClaims = (type: DocumentType): string[] => Object.keys(RULES[type].required);

export interface ClaimProblem {
  readonly reason: 'MISSING_CLAIM' | 'MALFORMED';
  readonly detail: string;
}

/** The first claim that is missing or has the wrong shape for its type, or undefined. */
export const claimProblem = (type: DocumentType, payload: Readonly<Record<string, unknown>>): ClaimProblem | undefined => {
  const rules = RULES[type];
  for (const [name, check] of Object.entries(rules.required)) {
    if (payload[name] === undefined) return { reason: 'MISSING_CLAIM', detail: `A ${type} must have the claim ${name}.` };
    if (!check(payload[name]))
      return { reason: 'MALFORMED', detail: `The claim ${name} does not have the shape a ${type} requires.` };
  }
  for (const [name, check] of Object.entries(rules.optional)) {
    if (payload[name] !== undefined && !check(payload[name])) {
      return { reason: 'MALFORMED', detail: `The claim ${name} does not have the shape a ${type} requires.` };
    }
  }
  return undefined;
};
