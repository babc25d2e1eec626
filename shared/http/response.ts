import type { APIGatewayProxyResult } from 'aws-lambda';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

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
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...SECURITY_HEADERS, ...headers },
  body: JSON.stringify(document),
});

/** 204: done, nothing to say (DELETE). */
export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: { ...SECURITY_HEADERS }, body: '' });
