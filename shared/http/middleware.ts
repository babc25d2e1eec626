import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { isDomainError } from '../errors';
import { errorFields, type Logger } from '../logger';
import { internalProblem, problemOf } from './problem';
import { problem } from './response';

type ApiRequest = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

const requestIdOf = (request: ApiRequest): string =>
  request.event.requestContext?.requestId ?? request.context.awsRequestId ?? 'unknown';

/**
 * DomainError → its status and problem document; anything else is a bug: logged with the
 * request id, answered with a 500 that leaks nothing.
 */
export const problemJsonErrors = (logger: Logger): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
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

/** Every API function is this: problem+json errors around a handler body. */
export const apiHandler = (logger: Logger, body: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>): ApiHandler =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(problemJsonErrors(logger))
    .handler(async (event) => body(event)) as unknown as ApiHandler;
