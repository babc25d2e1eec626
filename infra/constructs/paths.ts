import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this module's own location (infra/constructs/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The handler module of a declared function: functions/<name>/handler.ts. */
export const functionEntry = (name: string): string => join(PROJECT_ROOT, 'functions', name, 'handler.ts');
