import { functionLogger } from '../../shared/adapters/powertools/logger';
import { loadCoreConfig, type CoreConfig } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { OPENAPI_DOCUMENT_JSON, OPENAPI_SERVER_URL_PLACEHOLDER } from '../../shared/http/openapi-document';
import { jsonText } from '../../shared/http/response';

/** A public route: no machine token to resolve, so no table client in this bundle (its declaration grants none). */
export interface OpenApiGetDeps {
  readonly config: CoreConfig;
  readonly logger: Logger;
}

/**
 * The document as served: the one generated from the schemas at build time
 * (shared/http/openapi-document.ts, `npm run generate:client`; a unit test fails when it is
 * stale), with the issuer as its server URL. Building it from every schema took about 90 ms
 * of this function's cold start (docs/cost.md).
 */
export const servedDocument = (issuer: string): string =>
  OPENAPI_DOCUMENT_JSON.replace(JSON.stringify(OPENAPI_SERVER_URL_PLACEHOLDER), () => JSON.stringify(issuer));

export const makeHandler = (deps: OpenApiGetDeps) => {
  const document = servedDocument(deps.config.issuer);
  return apiHandler(deps, async () => jsonText(200, document, { 'cache-control': 'public, max-age=300' }));
};

export const handler = lazyHandler((env) => makeHandler({ config: loadCoreConfig(env), logger: functionLogger(env) }));
