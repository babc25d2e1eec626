import { ERROR_STATUS, type DomainError, type ErrorCode, type FieldIssue } from '../errors';

/**
 * RFC 9457 problem details. `type` is a stable URI per code, `code` the machine-readable
 * SCREAMING_SNAKE name, `detail` for humans, `errors` the offending fields.
 */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors?: readonly FieldIssue[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Words of a code that a title spells as an acronym or a name, not as a lower-case word. */
const TITLE_SPELLINGS: Readonly<Record<string, string>> = {
  CSV: 'CSV',
  DPOP: 'DPoP',
  ID: 'ID',
  JSON: 'JSON',
  JWKS: 'JWKS',
  KMS: 'KMS',
  OTP: 'OTP',
};

/** The title of a code: its words as a phrase (`DPOP_PROOF_INVALID` → "DPoP proof invalid"). */
export const titleOf = (code: ErrorCode): string =>
  code
    .split('_')
    .map((word, index) => {
      const spelled = TITLE_SPELLINGS[word];
      if (spelled !== undefined) return spelled;
      const lower = word.toLowerCase();
      return index === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');

/** Every `detail` reads as a sentence: a capital first letter and a closing full stop. */
export const asSentence = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
};

/**
 * Every field message (`errors[].message`) reads as a fragment about its field: a lower-case
 * first word and no closing full stop, whoever wrote it (the ledger, a flow, zod's
 * "Too big: …"). A first word that is not a plain capitalised word (an acronym, an id) is kept.
 */
export const asFragment = (text: string): string => {
  const trimmed = text.trim().replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed.charAt(0).toLowerCase() + trimmed.slice(1) : trimmed;
};

/**
 * The `type` of a code's problems: one URI per code, wherever the answer comes from (a handler,
 * the local gateway, the deployed gateway's own responses, WAF's throttle).
 */
export const problemTypeOf = (code: ErrorCode): string => `https://kippu.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;

export const problemOf = (error: DomainError, instance?: string): ProblemDocument => ({
  ...error.extensions,
  type: problemTypeOf(error.code),
  title: titleOf(error.code),
  status: ERROR_STATUS[error.code],
  code: error.code,
  detail: asSentence(error.detail),
  ...(error.fields.length > 0
    ? { errors: error.fields.map(({ field, message }) => ({ field, message: asFragment(message) })) }
    : {}),
  ...(instance === undefined ? {} : { instance }),
});

/** The body of every 500: it names the request id and leaks nothing else. */
export const internalProblem = (requestId: string): ProblemDocument => ({
  type: problemTypeOf('INTERNAL_ERROR'),
  title: titleOf('INTERNAL_ERROR'),
  status: 500,
  code: 'INTERNAL_ERROR',
  detail: `An internal error occurred. Quote request id ${requestId} when reporting it.`,
  requestId,
});
