import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * A function bundles every method of each class it constructs, used or not, so the ledger
 * comes in three classes (queries; accounts; the whole ledger) and a function that only reads
 * or only opens accounts is wired with the narrower one. This bundles those functions as the
 * stack does and checks, from esbuild's metafile, which of the ledger's modules each holds:
 * none of the transfer write path, and a reader not even opening accounts. A function that
 * moves money is the control: it does hold them.
 */
const ROOT = join(__dirname, '..', '..', '..');

const QUERIES_ONLY = ['account-get', 'transfer-get', 'account-entries-list', 'me-account-entries-list', 'me-accounts-list'];
const ACCOUNTS_ONLY = [
  'account-create',
  'provider-create',
  'agent-create',
  'customer-create',
  'registration-confirm',
  'offer-create',
  'channel-create',
];
const MOVES_MONEY = 'transfer-create';

/**
 * The transfer write path: the full ledger class, its snapshots and groups, and the pure
 * evaluation (the due index is not listed: registrations have one of their own).
 */
const WRITE_PATH = [
  'shared/adapters/aws/ledger-dynamodb.ts',
  'shared/adapters/aws/ledger-snapshots.ts',
  'shared/adapters/aws/ledger-groups.ts',
  'shared/domain/ledger/evaluate.ts',
  'shared/domain/ledger/evaluate-operation.ts',
  'shared/domain/ledger/evaluate-replay.ts',
  'shared/domain/ledger/expiry.ts',
];
const OPENING_ACCOUNTS = 'shared/adapters/aws/ledger-accounts-dynamodb.ts';
const QUERIES = 'shared/adapters/aws/ledger-queries-dynamodb.ts';

/** The ledger modules (of the lists above) that each function's bundle holds. */
const ledgerModulesOf = async (names: readonly string[]): Promise<Map<string, string[]>> => {
  const watched = new Set([...WRITE_PATH, OPENING_ACCOUNTS, QUERIES]);
  const result = await build({
    entryPoints: Object.fromEntries(names.map((name) => [name, join(ROOT, 'functions', name, 'handler.ts')])),
    bundle: true,
    write: false,
    metafile: true,
    outdir: join(ROOT, '.level-bundles'),
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
      .filter(([path, input]) => watched.has(path) && input.bytesInOutput > 0)
      .map(([path]) => path);
    modules.set(name, held.sort());
  }
  return modules;
};

describe('the bundles of functions that do not move money', () => {
  it('hold the ledger level their function uses and none of the transfer write path', { timeout: 60_000 }, async () => {
    // Prepare
    const names = [...QUERIES_ONLY, ...ACCOUNTS_ONLY, MOVES_MONEY];

    // Act
    const modules = await ledgerModulesOf(names);

    // Assess
    expect([...modules.keys()].sort()).toEqual([...names].sort());
    for (const name of QUERIES_ONLY) expect({ name, held: modules.get(name) }).toEqual({ name, held: [QUERIES] });
    for (const name of ACCOUNTS_ONLY) {
      expect({ name, held: modules.get(name) }).toEqual({ name, held: [OPENING_ACCOUNTS, QUERIES].sort() });
    }
    expect(modules.get(MOVES_MONEY)).toEqual([...WRITE_PATH, OPENING_ACCOUNTS, QUERIES].sort());
  });
});
