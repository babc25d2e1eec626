/**
 * Generates, from the OpenAPI document, the two files that are built from it and checked in
 * (a unit test fails when either is stale; `npm run generate:client` rewrites both):
 * - the TypeScript types of the typed API client (clients/typescript/kippu-api.d.ts), with
 *   openapi-typescript;
 * - the document as JSON text (shared/http/openapi-document.ts), which openapi-get serves
 *   instead of building the document from every schema at its cold start.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../shared/http/openapi';

export const CLIENT_TYPES_FILE = fileURLToPath(new URL('../../clients/typescript/kippu-api.d.ts', import.meta.url));
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../../shared/http/openapi-document.ts', import.meta.url));

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

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  await writeFile(CLIENT_TYPES_FILE, await generateClientTypes());
  console.error(`wrote ${CLIENT_TYPES_FILE}`);
  await writeFile(OPENAPI_DOCUMENT_FILE, generateOpenApiDocumentModule());
  console.error(`wrote ${OPENAPI_DOCUMENT_FILE}`);
}
