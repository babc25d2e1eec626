import { describe, expect, it } from 'vitest';
import { functionList, functions } from '../../../shared/resources/functions';
import { routes } from '../../../shared/resources/routes';
import { inputsOf } from '../../fixtures/function-bundles';

/**
 * zod is for client input: the API functions check requests with it. A function that no
 * route invokes (queue workers, scheduled and one-time schedule targets) reads only what
 * kippu wrote itself (stored items, its own messages), checked by hand, and bundles no zod:
 * building and compiling zod's code costs a cold start a few milliseconds. This bundles them
 * as the stack does and checks, from esbuild's metafile, that none holds shared/zod.ts or any
 * module of the zod package; transfer-post (an API function that moves money) is the control.
 */
const routed = new Set(routes.map((route) => functions[route.functionId].name));
const BACKGROUND = functionList.map(({ name }) => name).filter((name) => !routed.has(name));
const CONTROL = 'transfer-post';

const isZod = (path: string): boolean => path === 'shared/zod.ts' || path.startsWith('node_modules/zod/');

describe('the bundles of the functions that take no client input', () => {
  it('hold no zod, while an API function that moves money does', { timeout: 60_000 }, async () => {
    // Act
    const modules = await inputsOf([...BACKGROUND, CONTROL], isZod);
    const zodOf = (name: string) => ({ name, zod: Object.keys(modules.get(name) ?? {}) });

    // Assess
    expect(BACKGROUND).toEqual(expect.arrayContaining(['settlement-worker', 'ledger-expire', 'billing-statement-worker']));
    for (const name of BACKGROUND) expect(zodOf(name)).toEqual({ name, zod: [] });
    expect(zodOf(CONTROL).zod).toContain('shared/zod.ts');
    expect(zodOf(CONTROL).zod.some((path) => path.startsWith('node_modules/zod/'))).toBe(true);
  });
});
