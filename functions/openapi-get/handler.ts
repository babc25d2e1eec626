import { functionLogger } from '../../shared/adapters/lambda/logger';
import { loadConfig, type AppConfig } from '../../shared/config';
import type { Logger } from '../../shared/logger';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { json } from '../../shared/http/response';

/** A public route: no machine token to resolve, so no table client in this bundle (its declaration grants none). */
export interface OpenApiGetDeps {
  readonly config: AppConfig;
  readonly logger: Logger;
}

export const makeHandler = (deps: OpenApiGetDeps) => {
  // Built once per container: the document depends only on code and the issuer URL.
  const document = buildOpenApiDocument(deps.config.issuer);
  return apiHandler(deps, async () => json(200, document, { 'cache-control': 'public, max-age=300' }));
};

export const handler = lazyHandler(() => makeHandler({ config: loadConfig(process.env), logger: functionLogger(process.env) }));
