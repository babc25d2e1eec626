import { describe, expect, it } from 'vitest';
import { operationFor } from '../../../shared/api/operations';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { functions } from '../../../shared/resources/functions';
import { operationIdOf, routes } from '../../../shared/resources/routes';

describe('the OpenAPI document', () => {
  it('documents every routed function and marks public routes as needing no security', () => {
    // Act
    const document = buildOpenApiDocument('https://kippu.test') as {
      paths: Record<string, Record<string, { security?: unknown[]; operationId: string }>>;
    };

    // Assess
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId).toBe(operationIdOf(route));
      expect(operation?.security === undefined).toBe(!route.public);
    }
  });

  it('has an operation entry for every function that a route invokes, and every route names a declared function', () => {
    for (const route of routes) {
      expect(operationFor(operationIdOf(route))).toBeDefined();
      expect(functions[route.functionId]).toBeDefined();
    }
  });
});
