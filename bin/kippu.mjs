#!/usr/bin/env node
// The kippu CLI, as built JavaScript: `npm ci` (its prepare step) and `npm run build` bundle
// shared/cli into dist/cli/kippu.mjs. Nothing here compiles TypeScript at run time.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/kippu.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('kippu: the CLI is not built yet; run `npm run build` (npm ci does it too).\n');
  process.exit(2);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
