import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { isDomainError } from '../errors';
import { errorFields, type Logger } from '../logger';
import { resolveMachinePrincipal, type MachineClientLookup } from './auth';
import { internalProblem, problemOf } from './problem';
import { problem } from './response';

type ApiRequest = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

const requestIdOf = (request: ApiRequest): string =>
  request.event.requestContext?.requestId ?? request.context.awsRequestId ?? 'unknown';

/**
 * DomainError → its status and problem document; anything else is a bug: logged with the
 * request id, answered with a 500 that leaks nothing.
 */
const problemJsonErrors = (logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: async (request: ApiRequest) => {
    const error = request.error;
    const requestId = requestIdOf(request);
    if (isDomainError(error)) {
      request.response = problem(problemOf(error));
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
    .use(problemJsonErrors(deps.logger))
    .handler(async (event) => {
      await resolveMachinePrincipal(event, deps.machineClients);
      return body(event);
    }) as unknown as ApiHandler;
