import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { isDomainError } from '../errors';
import { errorFields, type Logger } from '../logger';
import { resolveMachinePrincipal, type MachineClientLookup } from './auth';
import { createdCorrelationIds, requestCorrelationIds } from './correlation';
import { internalProblem, problemOf } from './problem';
import { problem } from './response';

type ApiRequest = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

const requestIdOf = (request: ApiRequest): string =>
  request.event.requestContext?.requestId ?? request.context.awsRequestId ?? 'unknown';

/** A refusal that says when to come back (`retryAfterSeconds`, e.g. a drained intake) carries Retry-After. */
const retryAfterHeader = (extensions: Readonly<Record<string, unknown>>): Record<string, string> => {
  const seconds = extensions['retryAfterSeconds'];
  return typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds >= 0 ? { 'retry-after': String(seconds) } : {};
};

/**
 * Correlation ids on every line of the invocation: the request id and the ids in the path
 * before the handler runs, the ids of what it created (its Location header) after; one debug
 * line per answer, for the invocations sampled for debug logging.
 */
const correlatedLogs = (logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  before: async (request: ApiRequest) => {
    logger.appendKeys(requestCorrelationIds(request.event));
  },
  after: async (request: ApiRequest) => {
    const response = request.response;
    if (response === null) return;
    logger.appendKeys(createdCorrelationIds(response.headers?.location));
    logger.debug('request answered', { method: request.event.httpMethod, path: request.event.path, status: response.statusCode });
  },
});

/**
 * DomainError → its status and problem document; anything else is a bug: logged with the
 * request id, answered with a 500 that leaks nothing.
 */
const problemJsonErrors = (logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: async (request: ApiRequest) => {
    const error = request.error;
    const requestId = requestIdOf(request);
    if (isDomainError(error)) {
      request.response = problem(problemOf(error), retryAfterHeader(error.extensions));
      logger.debug('request refused', { path: request.event.path, status: request.response.statusCode, code: error.code });
      return;
    }
    logger.error('unhandled error', { requestId, path: request.event.path, ...errorFields(error) });
    request.response = problem(internalProblem(requestId));
  },
});

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiDeps {
  readonly logger: Logger;
  /** Resolves providers' and agents' client-credentials tokens to their parties (auth.ts). */
  readonly machineClients?: MachineClientLookup;
}

/**
 * Every API function is this: problem+json errors around a handler body, which runs once the
 * caller's machine token (if it is one) has been resolved to its party.
 */
export const apiHandler = (deps: ApiDeps, body: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>): ApiHandler =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(correlatedLogs(deps.logger))
    .use(problemJsonErrors(deps.logger))
    .handler(async (event) => {
      await resolveMachinePrincipal(event, deps.machineClients);
      return body(event);
    }) as unknown as ApiHandler;
