import type { FunctionId } from './functions';
import type { RouteTag } from './route-tags';

/**
 * What a route declaration says (shared/resources/routes.ts lists them): the method and path
 * the API answers, and the function that serves it. `{name}` segments are path parameters,
 * as in API Gateway.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly functionId: FunctionId;
  /**
   * The OpenAPI operation id, and the key of the route's entry in shared/api/operations.ts,
   * when one function serves several operations; otherwise the function id.
   */
  readonly operationId?: string;
  /** Public routes skip the authorizer; every other route needs a bearer token. */
  readonly public: boolean;
  /** Method-level throttling below the stage's: requests per second and burst. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** The area of the API (its OpenAPI tag), set once per group by routeGroup. */
  readonly tag?: RouteTag;
}

/** A group of routes of one area: each gets the group's OpenAPI tag (route-tags.ts). */
export const routeGroup = (tag: RouteTag, group: readonly RouteDefinition[]): RouteDefinition[] =>
  group.map((definition) => ({ ...definition, tag }));

/** A route behind the authorizer: every route but the few public ones. */
export const route = (method: HttpMethod, path: string, functionId: FunctionId, operationId?: string): RouteDefinition =>
  operationId === undefined
    ? { method, path, functionId, public: false }
    : { method, path, functionId, operationId, public: false };

/** A route without the authorizer, throttled below the stage when `throttle` says so. */
export const publicRoute = (
  method: HttpMethod,
  path: string,
  functionId: FunctionId,
  throttle?: RouteDefinition['throttle'],
): RouteDefinition =>
  throttle === undefined ? { method, path, functionId, public: true } : { method, path, functionId, public: true, throttle };
