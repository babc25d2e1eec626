/**
 * Generates, from the OpenAPI document, the files that are built from it and checked in
 * (a unit test fails when one is stale; `npm run generate:client` rewrites them):
 * - the TypeScript types of the typed API client (clients/typescript/kippu-api.d.ts), with
 *   openapi-typescript;
 * - the document as JSON text (shared/http/openapi-document.ts), which openapi-get serves
 *   instead of building the document from every schema at its cold start;
 * - which operations take a request body and which take query parameters
 *   (shared/http/operation-inputs.ts), which every API function's request layer reads to
 *   refuse a body or a query parameter its operation does not declare, without bundling the
 *   operations' schemas; and the operation id of each route of a function that serves
 *   several, which that function reads to tell its routes apart without the route table.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { operationFor } from '../../shared/api/operations';
import { operationIdOf, routes, type RouteDefinition } from '../../shared/resources/routes';

export const CLIENT_TYPES_FILE = fileURLToPath(new URL('../../clients/typescript/kippu-api.d.ts', import.meta.url));
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../../shared/http/openapi-document.ts', import.meta.url));
export const OPERATION_INPUTS_FILE = fileURLToPath(new URL('../../shared/http/operation-inputs.ts', import.meta.url));

/** Stands for the deployment's issuer in the generated document; openapi-get puts the issuer in its place. */
const SERVER_URL_PLACEHOLDER = 'https://issuer.kippu.invalid';

const HEADER =
  '// Generated from the OpenAPI document by scripts/api/generate-client.ts (npm run generate:client). Do not edit.\n';

export const generateClientTypes = async (): Promise<string> => {
  const document = buildOpenApiDocument('http://127.0.0.1:3000');
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  return `${HEADER}${astToString(ast)}`;
};

export const generateOpenApiDocumentModule = (): string => {
  const text = JSON.stringify(buildOpenApiDocument(SERVER_URL_PLACEHOLDER));
  const occurrences = text.split(JSON.stringify(SERVER_URL_PLACEHOLDER)).length - 1;
  if (occurrences !== 1) throw new Error(`the server URL placeholder occurs ${occurrences} times in the document, not once`);
  return (
    HEADER +
    '/** The server URL of `OPENAPI_DOCUMENT_JSON`, which openapi-get replaces with the issuer. */\n' +
    `export const OPENAPI_SERVER_URL_PLACEHOLDER = ${JSON.stringify(SERVER_URL_PLACEHOLDER)};\n` +
    '/** The OpenAPI document (shared/http/openapi.ts) as compact JSON text. */\n' +
    `export const OPENAPI_DOCUMENT_JSON = ${JSON.stringify(text)};\n`
  );
};

export const generateOperationInputsModule = (): string => {
  const inputs = Object.fromEntries(
    [...routes]
      .sort((left, right) => (`${left.path} ${left.method}` < `${right.path} ${right.method}` ? -1 : 1))
      .map((route) => {
        const operation = operationFor(operationIdOf(route));
        const declared = [
          ...(operation.request === undefined ? [] : ['body']),
          ...(operation.query === undefined ? [] : ['query']),
        ];
        return [`${route.method} ${route.path}`, declared.join('+') || 'none'];
      }),
  );
  const servesSeveral = (route: RouteDefinition) => routes.filter((other) => other.functionId === route.functionId).length > 1;
  const operationIds = Object.fromEntries(
    routes
      .filter(servesSeveral)
      .sort((left, right) => (`${left.path} ${left.method}` < `${right.path} ${right.method}` ? -1 : 1))
      .map((route) => [`${route.method} ${route.path}`, operationIdOf(route)]),
  );
  return (
    HEADER +
    '/**\n' +
    " * What each route's operation declares it takes (shared/api/operations.ts `request` and\n" +
    ' * `query`), by method and path as API Gateway names the route (`event.resource`), so the\n' +
    " * request layer needs neither the route table nor the operations' schemas.\n" +
    ' */\n' +
    `export const OPERATION_INPUTS: Readonly<Record<string, 'none' | 'body' | 'query' | 'body+query'>> = ${JSON.stringify(inputs)};\n` +
    '/**\n' +
    ' * The operation id of each route of a function that serves several (shared/resources/routes.ts),\n' +
    ' * by method and path as above: such a function tells which route a request came by without\n' +
    ' * bundling and building the route table at its cold start (docs/cost.md, Cold start).\n' +
    ' */\n' +
    `export const OPERATION_IDS: Readonly<Record<string, string>> = ${JSON.stringify(operationIds)};\n`
  );
};

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  await writeFile(CLIENT_TYPES_FILE, await generateClientTypes());
  console.error(`wrote ${CLIENT_TYPES_FILE}`);
  await writeFile(OPENAPI_DOCUMENT_FILE, generateOpenApiDocumentModule());
  console.error(`wrote ${OPENAPI_DOCUMENT_FILE}`);
  await writeFile(OPERATION_INPUTS_FILE, generateOperationInputsModule());
  console.error(`wrote ${OPERATION_INPUTS_FILE}`);
}
