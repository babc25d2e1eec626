import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { withTimeLeft } from '../contention';
import { DomainError, isDomainError } from '../errors';
import { REQUEST_TIMED_OUT_RETRY_AFTER_SECONDS } from '../limits';
import { errorFields, type Logger } from '../logger';
import { requireLiveSession, resolveMachinePrincipal, type CustomerSessionLookup, type MachineClientLookup } from './auth';
import { createdCorrelationIds, requestCorrelationIds } from './correlation';
import { OPERATION_INPUTS } from './operation-inputs';
import { internalProblem, problemOf } from './problem';
import { refuseMalformedPath, refuseUndeclaredInputs } from './request';
import { problem } from './response';

const requestIdOf = (event: APIGatewayProxyEvent, context: Context | undefined): string =>
  event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';

/** A refusal that says when to come back (`retryAfterSeconds`, e.g. a drained intake) carries Retry-After. */
const retryAfterHeader = (extensions: Readonly<Record<string, unknown>>): Record<string, string> => {
  const seconds = extensions['retryAfterSeconds'];
  return typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds >= 0 ? { 'retry-after': String(seconds) } : {};
};

/**
 * How long before Lambda's own timeout an invocation gives up and answers 503
 * REQUEST_TIMED_OUT (logged with its request id) instead of being cut off with no answer,
 * which API Gateway turns into a bare 502. The body may have committed meanwhile, so the
 * answer does not say it failed: it says to send the request again with the same
 * Idempotency-Key (a change that took effect replays its answer). Retry loops give up well
 * before this (shared/contention.ts), so contention answers 409 TRANSACTION_CONFLICT instead.
 */
export const API_TIMEOUT_EARLY_MS = 5;

/** Raised when the invocation is about to run out of time (API_TIMEOUT_EARLY_MS). */
export class InvocationTimeoutError extends Error {
  override readonly name = 'TimeoutError';

  constructor() {
    super('The invocation was about to reach its timeout.');
  }
}

/** The guard's answer: the request may or may not have taken effect, and says how to find out. */
const timedOut = (): DomainError =>
  new DomainError(
    'REQUEST_TIMED_OUT',
    'The request ran out of time and may have taken effect: send it again, with the same Idempotency-Key if it had one, and a change that took effect answers as it did.',
    [],
    { retryAfterSeconds: REQUEST_TIMED_OUT_RETRY_AFTER_SECONDS },
  );

/**
 * The body's answer, or InvocationTimeoutError when the invocation is about to reach its
 * timeout. The body runs with the invocation's time left (withTimeLeft), which its retry
 * loops budget against.
 */
const beforeTimeout = async <T>(context: Context | undefined, body: () => Promise<T>): Promise<T> => {
  const remainingMs = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  if (remainingMs === undefined || context === undefined) return body();
  const timeLeft = { remainingMs: () => context.getRemainingTimeInMillis() };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError()), Math.max(remainingMs - API_TIMEOUT_EARLY_MS, 0));
  });
  try {
    return await Promise.race([withTimeLeft(timeLeft, body), guard]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * DomainError → its status and problem document; the timeout guard → 503 REQUEST_TIMED_OUT
 * with Retry-After, logged with the request id as an error (it should not happen: retry loops
 * give up before it); anything else is a bug: logged with the request id, answered with a 500
 * that leaks nothing.
 */
const problemAnswer = (
  logger: Logger,
  event: APIGatewayProxyEvent,
  context: Context | undefined,
  error: unknown,
): APIGatewayProxyResult => {
  if (isDomainError(error)) {
    const response = problem(problemOf(error), retryAfterHeader(error.extensions));
    logger.debug('request refused', { path: event.path, status: response.statusCode, code: error.code });
    return response;
  }
  const requestId = requestIdOf(event, context);
  if (error instanceof InvocationTimeoutError) {
    logger.error('request timed out', { requestId, path: event.path, ...errorFields(error) });
    const answer = timedOut();
    return problem(problemOf(answer), retryAfterHeader(answer.extensions));
  }
  logger.error('unhandled error', { requestId, path: event.path, ...errorFields(error) });
  return problem(internalProblem(requestId));
};

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiDeps {
  readonly logger: Logger;
  /** Resolves providers' and agents' client-credentials tokens to their parties (auth.ts). */
  readonly machineClients?: MachineClientLookup;
  /** Refuses customers' access tokens whose session ended: its device was removed (auth.ts). */
  readonly customerSessions?: CustomerSessionLookup;
}

/**
 * Every API function is this: problem+json errors around a handler body, which runs once the
 * caller's machine token (if it is one) has been resolved to its party and a customer's access
 * token has been checked against its session (a removed device's sessions end). Correlation ids go on
 * every line of the invocation: the request id and the ids in the path before the body runs,
 * the ids of what it created (its Location header) after; one debug line per answer, for the
 * invocations sampled for debug logging. A malformed path parameter (refuseMalformedPath), and
 * a body or query parameters that the operation does not declare (refuseUndeclaredInputs), are
 * refused before the body runs: the transport's checks come before any Idempotency-Key is claimed.
 */
export const apiHandler =
  (deps: ApiDeps, body: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>): ApiHandler =>
  async (event, context) => {
    const { logger } = deps;
    try {
      logger.appendKeys(requestCorrelationIds(event));
      const response = await beforeTimeout(context, async () => {
        await resolveMachinePrincipal(event, deps.machineClients);
        await requireLiveSession(event, deps.customerSessions);
        refuseMalformedPath(event);
        refuseUndeclaredInputs(event, OPERATION_INPUTS);
        return body(event);
      });
      logger.appendKeys(createdCorrelationIds(response.headers?.location));
      logger.debug('request answered', { method: event.httpMethod, path: event.path, status: response.statusCode });
      return response;
    } catch (error) {
      return problemAnswer(logger, event, context, error);
    }
  };
