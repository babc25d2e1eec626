import type { APIGatewayProxyResult } from 'aws-lambda';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem';

/** Headers on every answer kippu gives, refusals included: a handler's, the local gateway's and the deployed gateway's own. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

/** The challenge of every 401 (RFC 9110 §11.6.1, RFC 6750 §3): kippu takes bearer tokens. */
export const BEARER_CHALLENGE = 'Bearer';

/**
 * The headers of a problem answer of this status, wherever it is answered (a handler, the local
 * gateway, the stack's gateway responses): its media type, the security headers and, on a 401,
 * `WWW-Authenticate`. One set per status, so a code carries the same headers locally and deployed.
 */
export const problemHeaders = (status: number): Readonly<Record<string, string>> => ({
  'content-type': PROBLEM_CONTENT_TYPE,
  ...SECURITY_HEADERS,
  ...(status === 401 ? { 'www-authenticate': BEARER_CHALLENGE } : {}),
});

/** A JSON answer whose body is already JSON text. */
export const jsonText = (statusCode: number, text: string, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...SECURITY_HEADERS, ...headers },
  body: text,
});

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult =>
  jsonText(statusCode, JSON.stringify(body), headers);

export const problem = (document: ProblemDocument, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode: document.status,
  headers: { ...problemHeaders(document.status), ...headers },
  body: JSON.stringify(document),
});

/** 204: done, nothing to say (DELETE). */
export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: { ...SECURITY_HEADERS }, body: '' });
