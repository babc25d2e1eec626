import { z } from 'zod';
import { ERROR_STATUS } from '../errors';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../limits';
import { operationFor } from '../api/operations';
import { ProblemSchema } from '../api/common';
import { operationIdOf, routes } from '../resources/routes';

/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas that
 * validate requests, so the document cannot drift from behaviour.
 */
type JsonObject = Record<string, unknown>;

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
};

const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const buildOpenApiDocument = (serverUrl: string): JsonObject => {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const operation = operationFor(operationIdOf(route));
    const parameters: JsonObject[] = [...pathParameters(route.path)];
    if (operation.idempotencyKey !== undefined) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: operation.idempotencyKey === 'required',
        schema: { type: 'string', maxLength: IDEMPOTENCY_KEY_LENGTH_MAX },
        description: 'A repeat with the same key returns the first answer; a different request with it is refused.',
      });
    }
    const responses: Record<string, JsonObject> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      responses[status] =
        response.schema === undefined
          ? { description: response.description }
          : {
              description: response.description,
              content: { 'application/json': { schema: toJsonSchema(response.schema, 'output') } },
            };
    }
    responses['4XX'] = problemResponse('A client error (see `code`)');
    responses['500'] = problemResponse('An internal error; the body names the request id only');
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: operationIdOf(route),
      summary: operation.summary,
      ...(route.public ? { security: [] } : { 'x-kippu-roles': operation.roles }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(operation.request === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: {
                [operation.requestMediaType ?? 'application/json']: { schema: toJsonSchema(operation.request, 'input') },
              },
            },
          }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'kippu',
      version: '1',
      description: 'Signed tickets, proxy settlement, reservations and batch billing.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: toJsonSchema(ProblemSchema, 'output') },
      'x-kippu-error-codes': ERROR_STATUS,
    },
  };
};
