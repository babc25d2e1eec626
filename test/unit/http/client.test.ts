import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_TYPES_FILE,
  OPENAPI_DOCUMENT_FILE,
  OPERATION_INPUTS_FILE,
  generateClientTypes,
  generateOpenApiDocumentModule,
  generateOperationInputsModule,
} from '../../../scripts/api/generate-client';

describe('the typed client', () => {
  it('is generated from the current OpenAPI document (run npm run generate:client when this fails)', async () => {
    // Act
    const generated = await generateClientTypes();

    // Assess
    expect(await readFile(CLIENT_TYPES_FILE, 'utf8')).toBe(generated);
  });

  it('and the document openapi-get serves is too (run npm run generate:client when this fails)', async () => {
    // Act
    const generated = generateOpenApiDocumentModule();

    // Assess
    expect(await readFile(OPENAPI_DOCUMENT_FILE, 'utf8')).toBe(generated);
  });

  it('and the table of which operations take a body or query parameters is too (run npm run generate:client when this fails)', async () => {
    // Act
    const generated = generateOperationInputsModule();

    // Assess
    expect(await readFile(OPERATION_INPUTS_FILE, 'utf8')).toBe(generated);
  });
});
