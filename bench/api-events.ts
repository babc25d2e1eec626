import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** An API function's handler as the benches invoke it (the real module, by name). */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export const handlerOf = async (name: string): Promise<ApiHandler> =>
  ((await import(`../functions/${name}/handler.ts`)) as { handler: ApiHandler }).handler;

/**
 * The API Gateway event of one request by `who` (a development principal), with a fresh
 * Idempotency-Key; a path with an id (`/v1/<things>/<id>/…`) passes it as the `id` parameter.
 */
export const apiEvent = (
  route: { readonly method: string; readonly resource: string; readonly path: string },
  who: { readonly id: string; readonly role: string },
  body: unknown,
  index: string,
): APIGatewayProxyEvent =>
  ({
    resource: route.resource,
    path: route.path,
    httpMethod: route.method,
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${Date.now()}-${index}` },
    pathParameters: route.path === route.resource ? null : { id: route.path.split('/')[3] },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: `bench-${index}`, authorizer: { claims: { sub: who.id, 'custom:role': who.role } } },
  }) as unknown as APIGatewayProxyEvent;
