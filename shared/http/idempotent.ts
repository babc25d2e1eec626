import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { runIdempotent, type IdempotencyDeps, type StoredResponse } from '../domain/idempotency/idempotency';
import type { Principal } from '../domain/principal';
import { unambiguousJoin } from '../ids';
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem';
import { json } from './response';

/**
 * Records never cross principals: the scope encodes (role, subject, key) unambiguously, so a
 * crafted subject or key holding a separator cannot land on another caller's record.
 */
export const idempotencyScope = (principal: Principal, key: string): string =>
  `idem:${unambiguousJoin([principal.role, principal.subject, key])}`;

/**
 * Run a mutating request under its Idempotency-Key (when it has one): the first answer is
 * stored and replayed for repeats, marked with `Idempotent-Replayed: true`.
 */
export const respondIdempotently = async (
  deps: IdempotencyDeps,
  event: APIGatewayProxyEvent,
  principal: Principal,
  key: string | undefined,
  body: Readonly<Record<string, unknown>>,
  execute: () => Promise<APIGatewayProxyResult>,
): Promise<APIGatewayProxyResult> => {
  if (key === undefined) return execute();
  const toStored = (result: APIGatewayProxyResult): StoredResponse => ({
    statusCode: result.statusCode,
    body: result.body,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)])),
  });
  const answer = await runIdempotent(
    deps,
    {
      scope: idempotencyScope(principal, key),
      method: event.httpMethod,
      path: event.path,
      body,
    },
    async () => toStored(await execute()),
    (error) => ({
      statusCode: error.status,
      body: JSON.stringify(problemOf(error)),
      headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    }),
  );
  const replayedHeader = { 'idempotent-replayed': String(answer.replayed) };
  return answer.headers?.['content-type'] === 'application/json'
    ? json(answer.statusCode, JSON.parse(answer.body), replayedHeader)
    : { statusCode: answer.statusCode, headers: { ...answer.headers, ...replayedHeader }, body: answer.body };
};
