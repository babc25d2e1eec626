import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * A function bundles every method of each class it constructs, used or not, so the
 * reservation store comes in two classes: the records (read, move, the due flag, viewers'
 * seats: what finishing a show needs) and the whole store on top of them. reservation-cancel
 * and -outcome are wired with the records only. This bundles functions as the stack does and
 * checks, from esbuild's metafile, which of the store's modules each holds; reservation-create
 * is the control.
 */
const ROOT = join(__dirname, '..', '..', '..');

const RECORDS_ONLY = ['reservation-cancel', 'reservation-outcome'];
const WHOLE_STORE = ['reservation-create'];

const RECORDS = 'shared/adapters/aws/reservations-records-dynamodb.ts';
/** What only the whole store adds: its class, the listing cursor and the booker's index. */
const WHOLE_STORE_MODULES = [
  'shared/adapters/aws/owned-index-dynamodb.ts',
  'shared/adapters/aws/reservations-cursor.ts',
  'shared/adapters/aws/reservations-dynamodb.ts',
];
const WATCHED = new Set([RECORDS, ...WHOLE_STORE_MODULES]);

/** The watched modules that each function's bundle holds, sorted. */
const watchedModulesOf = async (names: readonly string[]): Promise<Map<string, string[]>> => {
  const result = await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, join(ROOT, 'functions', name, 'handler.ts')])),
    bundle: true,
    write: false,
    metafile: true,
    outdir: join(ROOT, '.store-bundles'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  const modules = new Map<string, string[]>();
  for (const output of Object.values(result.metafile.outputs)) {
    const name = output.entryPoint?.split('/').at(-2);
    if (name === undefined) continue;
    const held = Object.entries(output.inputs)
      .filter(([path, input]) => WATCHED.has(path) && input.bytesInOutput > 0)
      .map(([path]) => path);
    modules.set(name, held.sort());
  }
  return modules;
};

describe('the bundles of the reservation functions by the part of the store they use', () => {
  it('hold only the records for cancel and outcome, and the whole store for booking', { timeout: 60_000 }, async () => {
    // Act
    const modules = await watchedModulesOf([...RECORDS_ONLY, ...WHOLE_STORE]);

    // Assess
    for (const name of RECORDS_ONLY) expect({ name, held: modules.get(name) }).toEqual({ name, held: [RECORDS] });
    for (const name of WHOLE_STORE) expect({ name, held: modules.get(name) }).toEqual({ name, held: [...WATCHED].sort() });
  });
});
