import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { IConstruct } from 'constructs';
import { FUNCTION_BUNDLING, KippuFunction } from '../../infra/constructs/kippu-function';
import { PROJECT_ROOT } from '../../infra/constructs/paths';

/** What a deployment of an app's functions would contain. */
export interface FunctionBundles {
  /** Each function's bundled JavaScript, by physical function name. */
  readonly code: ReadonlyMap<string, string>;
  /**
   * Every source file some bundle was built from, by absolute path: what the deployed source
   * maps carry (their sourcesContent is exactly these files).
   */
  readonly sources: readonly string[];
  /** The files each function's bundle was built from (paths relative to the project), by the function's entry file. */
  readonly inputsByEntry: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every function of an app bundled the way CDK bundles it for a deployment (the esbuild
 * settings of FUNCTION_BUNDLING: ESM for Node.js 22, minified, the same main fields and
 * banner, every package bundled), in one esbuild run in memory instead of one CDK asset per
 * function, so that the infra tests can check what a deployed bundle holds without CDK
 * bundling every asset. Each entry is bundled on its own (no code splitting), as CDK does.
 * Instead of writing the source maps, whose content is the source files themselves, it lists
 * those files (esbuild's metafile), each once however many bundles include it.
 */
export const bundleFunctions = async (scope: IConstruct): Promise<FunctionBundles> => {
  const functions = scope.node.findAll().filter((construct): construct is KippuFunction => construct instanceof KippuFunction);
  const result = await build({
    entryPoints: Object.fromEntries(functions.map((kippuFunction) => [kippuFunction.functionName, kippuFunction.entry])),
    absWorkingDir: PROJECT_ROOT,
    outdir: '/bundles',
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: FUNCTION_BUNDLING.target,
    minify: FUNCTION_BUNDLING.minify,
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    banner: { js: FUNCTION_BUNDLING.banner },
    logLevel: 'error',
  });
  const code = new Map(
    result.outputFiles.map((file) => [file.path.slice('/bundles/'.length, -'.mjs'.length), file.text] as const),
  );
  const sources = Object.keys(result.metafile.inputs).map((input) => resolve(PROJECT_ROOT, input));
  const inputsByEntry = new Map(
    Object.values(result.metafile.outputs).flatMap((output) =>
      output.entryPoint === undefined ? [] : [[resolve(PROJECT_ROOT, output.entryPoint), Object.keys(output.inputs)] as const],
    ),
  );
  return { code, sources, inputsByEntry };
};
