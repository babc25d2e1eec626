import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { functionList } from '../../../shared/resources/functions';
import { inputsOf } from '../../fixtures/function-bundles';

/**
 * package.json declares which of kippu's modules do something when they are imported
 * (`sideEffects`); every other module is free of side effects, so esbuild leaves out a module
 * whose exports a function does not use instead of evaluating it for nothing. That matters
 * where a module is also imported on first use (`import()`): esbuild wraps it in a lazy
 * initialiser, and each static import of it anywhere in the bundle, used or not, used to run
 * that initialiser at import. A list function's cursor key loads the KMS client on the first
 * cursor it seals (shared/adapters/aws/list-cursor-key-kms.ts), but the wiring modules it
 * shares with the signing functions import the container's KMS client statically, so every
 * list function evaluated the whole KMS client at its cold start (about 5 ms) without
 * constructing it (docs/cost.md, Cold start). The cursor key now imports its one KMS command
 * statically and constructs the client on the first cursor: a lazily
 * imported package keeps all its commands and error schemas, bytes that every cold start
 * parses, where a static import keeps the client and the one command.
 *
 * The declaration has to stay true: a module that does something at import and is not listed
 * would be dropped from every bundle that does not use one of its own exports: shared/zod.ts
 * configures zod's English messages, which kippu's 422 answers quote, and a module that takes
 * only zod's exports through it does not keep it.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** kippu's own source files that a function's bundle may hold, relative to the repository. */
const sourceFiles = async (directory: string): Promise<string[]> =>
  (await readdir(join(ROOT, directory), { recursive: true }))
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))
    .map((path) => join(directory, path));

/** Whether a module's top level does something besides declaring (a call, an assignment, a loop). */
const actsAtImport = (text: string): boolean =>
  ts
    .createSourceFile('module.ts', text, ts.ScriptTarget.ES2022, false)
    .statements.some(
      (statement) =>
        !ts.isImportDeclaration(statement) &&
        !ts.isExportDeclaration(statement) &&
        !ts.isVariableStatement(statement) &&
        !ts.isFunctionDeclaration(statement) &&
        !ts.isClassDeclaration(statement) &&
        !ts.isInterfaceDeclaration(statement) &&
        !ts.isTypeAliasDeclaration(statement) &&
        !ts.isEnumDeclaration(statement) &&
        !ts.isModuleDeclaration(statement) &&
        !ts.isExportAssignment(statement),
    );

const declaredSideEffects = async (): Promise<string[]> => {
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { sideEffects?: unknown };
  const listed = Array.isArray(manifest.sideEffects) ? (manifest.sideEffects as unknown[]) : [];
  return listed.map((path) => relative('.', String(path))).sort();
};

/** The wiring's KMS client, which counts throttles: a function that holds it constructs the client at init. */
const KMS_CLIENT_WIRING = 'shared/adapters/aws/kms-client.ts';
const KMS_PACKAGE = 'node_modules/@aws-sdk/client-kms/dist-es/';
const LIST_CURSOR_KEY = 'shared/adapters/aws/list-cursor-key-kms.ts';
const ZOD = 'node_modules/zod/v4/mini/schemas.js';
const ZOD_MESSAGES = ['shared/zod.ts', 'node_modules/zod/v4/locales/en.js'];
const WATCHED = new Set([LIST_CURSOR_KEY, KMS_CLIENT_WIRING, ZOD, ...ZOD_MESSAGES]);

/** One build of every function (minified, as the stack bundles them) for the tests of this file. */
let bundles: Promise<Map<string, Readonly<Record<string, number>>>> | undefined;
const bundled = () =>
  (bundles ??= inputsOf(
    functionList.map((definition) => definition.name),
    (path) => WATCHED.has(path) || path.startsWith(KMS_PACKAGE),
  ));

describe('side effects at import', () => {
  it('are declared in package.json for exactly the modules of kippu that have them', async () => {
    // Prepare
    const files = [...(await sourceFiles('shared')), ...(await sourceFiles('functions'))];

    // Act
    const acting: string[] = [];
    for (const file of files) if (actsAtImport(await readFile(join(ROOT, file), 'utf8'))) acting.push(file);

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(acting.sort()).toEqual(await declaredSideEffects());
  });

  it('keep zod configured with its English messages in every function that holds zod', { timeout: 120_000 }, async () => {
    // Act
    const held = await bundled();

    // Assess
    const withZod = [...held].filter(([, inputs]) => ZOD in inputs);
    expect(withZod.length).toBeGreaterThan(30);
    expect(withZod.filter(([, inputs]) => ZOD_MESSAGES.some((path) => !(path in inputs))).map(([name]) => name)).toEqual([]);
  });

  it("keep zod configured with its English messages in a bundle that uses only zod's own exports", async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'kippu-side-effects-'));
    const outfile = join(directory, 'messages.mjs');

    // Act
    try {
      await build({
        stdin: {
          contents:
            "import * as z from './shared/zod';\n" +
            'export const message = z.safeParse(z.string(), 5).error?.issues[0]?.message;\n',
          resolveDir: ROOT,
          loader: 'ts',
        },
        bundle: true,
        minify: true,
        outfile,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
      });
      const { message } = (await import(pathToFileURL(outfile).href)) as { message?: string };

      // Assess
      expect(message).toBe('Invalid input: expected string, received number');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it(
    'keep of the KMS client package, in a list function whose wiring constructs no KMS client, only the client and GenerateMac',
    { timeout: 120_000 },
    async () => {
      // Act
      const held = await bundled();

      // Assess
      const withoutClient = [...held].filter(([, inputs]) => LIST_CURSOR_KEY in inputs && !(KMS_CLIENT_WIRING in inputs));
      expect(withoutClient.map(([name]) => name)).toEqual(
        expect.arrayContaining(['account-entries-list', 'offer-list', 'listings-get', 'statement-list']),
      );
      expect(
        withoutClient
          .map(([name, inputs]) => ({
            name,
            kms: Object.keys(inputs)
              .filter((path) => path.startsWith(KMS_PACKAGE))
              .map((path) => path.slice(KMS_PACKAGE.length))
              .filter((path) => path.startsWith('commands/') || path === 'KMS.js'),
          }))
          .filter(({ kms }) => kms.join() !== 'commands/GenerateMacCommand.js'),
      ).toEqual([]);
    },
  );
});
