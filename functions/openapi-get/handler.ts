import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { json } from '../../shared/http/response';

export const makeHandler = (deps: BaseDeps) => {
  // Built once per container: the document depends only on code and the issuer URL.
  const document = buildOpenApiDocument(deps.config.issuer);
  return apiHandler(deps, async () => json(200, document, { 'cache-control': 'public, max-age=300' }));
};

export const handler = lazyHandler(() => makeHandler(baseDeps(process.env)));
