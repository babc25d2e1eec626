/**
 * Generates the TypeScript types of the typed API client (clients/typescript/kippu-api.d.ts)
 * from the OpenAPI document with openapi-typescript. The file is checked in; a unit test
 * fails when it is stale. `npm run generate:client` rewrites it.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../shared/http/openapi';

export const CLIENT_TYPES_FILE = fileURLToPath(new URL('../../clients/typescript/kippu-api.d.ts', import.meta.url));

const HEADER =
  '// Generated from the OpenAPI document by scripts/api/generate-client.ts (npm run generate:client). Do not edit.\n';

export const generateClientTypes = async (): Promise<string> => {
  const document = buildOpenApiDocument('http://127.0.0.1:3000');
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  return `${HEADER}${astToString(ast)}`;
};

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  await writeFile(CLIENT_TYPES_FILE, await generateClientTypes());
  console.error(`wrote ${CLIENT_TYPES_FILE}`);
}
