#!/usr/bin/env node
// The kippu CLI, as built JavaScript: `npm ci` (its prepare step) and `npm run build` bundle
// shared/cli into dist/cli/kippu.mjs. Nothing here compiles TypeScript at run time.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/kippu.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('kippu: the CLI is not built yet; run `npm run build` (npm ci does it too).\n');
  process.exit(2);
}
// The AWS SDK warns in every process that its Node.js 20 support ends in 2027: on a command's
// stderr that notice is noise (and scripts reading stderr take it for an error), so the CLI
// switches it off as scripts/local/start.ts and scripts/with-emulators.ts do.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
