import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

/**
 * The API reference at `/docs`, local only: Swagger UI, served from node_modules
 * (swagger-ui-dist), renders the document the API serves at `/v1/openapi.json`. Nothing is
 * loaded from anywhere else (the Content-Security-Policy says so to the browser), and the CDK
 * stacks declare no such route.
 */
export const DOCS_PATH = '/docs';
const OPENAPI_PATH = '/v1/openapi.json';
const SWAGGER_UI_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>kippu API reference</title>
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" />
    <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_PATH}/init.js"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to an online validator.
const INIT = `window.ui = SwaggerUIBundle({
  url: '${OPENAPI_PATH}',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

const swaggerUiFile = (name: string) => () => readFile(path.join(SWAGGER_UI_DIR, name));

/** What `/docs/<name>` may serve: our two documents and three of Swagger UI's files, nothing else. */
const FILES: Readonly<Record<string, { readonly contentType: string; readonly body: () => Promise<string | Buffer> }>> = {
  '': { contentType: 'text/html; charset=utf-8', body: async () => PAGE },
  'init.js': { contentType: 'text/javascript; charset=utf-8', body: async () => INIT },
  'swagger-ui.css': { contentType: 'text/css; charset=utf-8', body: swaggerUiFile('swagger-ui.css') },
  'swagger-ui-bundle.js': { contentType: 'text/javascript; charset=utf-8', body: swaggerUiFile('swagger-ui-bundle.js') },
  'favicon-32x32.png': { contentType: 'image/png', body: swaggerUiFile('favicon-32x32.png') },
};

export const isDocsPath = (pathname: string): boolean => pathname === DOCS_PATH || pathname.startsWith(`${DOCS_PATH}/`);

/** Answers a GET under /docs; false when there is no such file (the caller answers 404). */
export const serveDocs = async (pathname: string, response: ServerResponse): Promise<boolean> => {
  const name = pathname === DOCS_PATH ? '' : pathname.slice(DOCS_PATH.length + 1);
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (file === undefined) return false;
  const body = await file.body();
  response.writeHead(200, {
    'content-type': file.contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  response.end(body);
  return true;
};
