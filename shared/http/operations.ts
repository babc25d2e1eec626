import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { assert } from '../errors';
import { apiHandler, type ApiDeps, type ApiHandler } from './middleware';
import { operationOf } from './request';

export type Operation<Deps> = (deps: Deps, event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * A function that serves several routes: each request runs the operation of the declared
 * route it came by (shared/resources/routes.ts, the operation id). A route that reaches the
 * function without an operation here is a routing bug.
 */
export const operationsHandler = <Deps extends ApiDeps>(
  functionName: string,
  deps: Deps,
  operations: Readonly<Record<string, Operation<Deps>>>,
): ApiHandler =>
  apiHandler(deps, async (event) => {
    const operation = operations[operationOf(event)];
    assert(operation !== undefined, `${functionName} serves ${event.httpMethod} ${event.resource}`);
    return operation(deps, event);
  });
