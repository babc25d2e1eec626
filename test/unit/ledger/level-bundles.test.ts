import { describe, expect, it } from 'vitest';
import { inputsOf } from '../../fixtures/function-bundles';

/**
 * A function bundles every method of each class it constructs, used or not, so the ledger
 * comes in four classes (queries; accounts; moving money; the whole ledger) and a function is
 * wired with the narrowest one it uses; history (listing entries) is a class of its own. This
 * bundles functions as the stack does and checks, from esbuild's metafile, which of the
 * ledger's modules each holds: a history function holds only the history, a reader only the
 * queries, a function that opens accounts none of the transfer write path, a function that
 * moves money none of settlement groups or the expiry sweep, and none of them but the history
 * functions holds the history or its cursor. The settlement worker and the expiry sweeper are
 * the control: they do hold groups and expiry.
 */
const HISTORY_ONLY = ['account-entries-list', 'me-account-entries-list'];
const QUERIES_ONLY = ['account-get', 'transfer-get', 'me-accounts-list'];
const ACCOUNTS_ONLY = [
  'account-create',
  'provider-create',
  'agent-create',
  'customer-create',
  'carrier-account-redeem',
  'registration-confirm',
  'offer-create',
  'channel-create',
];
/** Functions that move money and have no due index or sweep of their own. */
const TRANSFERS_ONLY = [
  'transfer-create',
  'transfer-post',
  'transfer-void',
  'customer-topup',
  // Posts the adjustments of remittance imports (the import itself posts nothing).
  'billing-coordinator',
  'billing-statement-worker',
];
/** Functions that move money and keep a due index of their own (purchases', reservations'). */
const TRANSFERS_WITH_OWN_DUE_INDEX = ['purchase-create', 'purchase-refund', 'reservation-cancel', 'reservation-reconfirm'];
const WHOLE_LEDGER = ['settlement-worker', 'ledger-expire'];

const QUERIES = 'shared/adapters/aws/ledger-queries-dynamodb.ts';
/** An account's history: its class (the two index queries and their merge) and its cursor. */
const HISTORY = ['shared/adapters/aws/ledger-entries-dynamodb.ts', 'shared/domain/ledger/cursor.ts'];
const OPENING_ACCOUNTS = 'shared/adapters/aws/ledger-accounts-dynamodb.ts';
/** The transfer write path: its class, its snapshots and the pure evaluation. */
const TRANSFER_PATH = [
  'shared/adapters/aws/ledger-transfers-dynamodb.ts',
  'shared/adapters/aws/ledger-snapshots.ts',
  'shared/domain/ledger/evaluate.ts',
  'shared/domain/ledger/evaluate-operation.ts',
  'shared/domain/ledger/evaluate-replay.ts',
];
/** What only the whole ledger adds: its class, settlement groups and the hold expiry. */
const GROUPS_AND_EXPIRY = [
  'shared/adapters/aws/ledger-dynamodb.ts',
  'shared/adapters/aws/ledger-groups.ts',
  'shared/domain/ledger/groups.ts',
  'shared/domain/ledger/expiry.ts',
];
/** The generic due index and sweep the expiry runs on (purchases and reservations have their own uses of them). */
const DUE_SWEEP = ['shared/adapters/aws/due-index-dynamodb.ts', 'shared/domain/due/sweep.ts'];

const WATCHED = new Set([QUERIES, ...HISTORY, OPENING_ACCOUNTS, ...TRANSFER_PATH, ...GROUPS_AND_EXPIRY, ...DUE_SWEEP]);
const NAMES = [
  ...HISTORY_ONLY,
  ...QUERIES_ONLY,
  ...ACCOUNTS_ONLY,
  ...TRANSFERS_ONLY,
  ...TRANSFERS_WITH_OWN_DUE_INDEX,
  ...WHOLE_LEDGER,
];

/** The watched modules that each function's bundle holds, sorted. */
const watchedModulesOf = async (names: readonly string[]): Promise<Map<string, string[]>> => {
  const inputs = await inputsOf(names, (path) => WATCHED.has(path));
  return new Map([...inputs].map(([name, held]) => [name, Object.keys(held).sort()]));
};

/** One build for every test of this file. */
let bundles: Promise<Map<string, string[]>> | undefined;
const bundled = (): Promise<Map<string, string[]>> => (bundles ??= watchedModulesOf(NAMES));

const sorted = (paths: Iterable<string>): string[] => [...paths].sort();
const heldBy = (modules: Map<string, string[]>, name: string) => ({ name, held: modules.get(name) });
/** The ledger's modules a function holds, leaving out the due index and sweep (for functions with uses of their own). */
const ledgerModulesHeldBy = (modules: Map<string, string[]>, name: string) => ({
  name,
  held: (modules.get(name) ?? []).filter((path) => !DUE_SWEEP.includes(path)),
});

describe('the bundles of functions by the ledger level they use', () => {
  it(
    'hold, for a history, a reader or a function that opens accounts, none of the transfer write path',
    { timeout: 60_000 },
    async () => {
      // Act
      const modules = await bundled();

      // Assess
      expect(sorted([...modules.keys()])).toEqual(sorted(NAMES));
      for (const name of HISTORY_ONLY) expect(heldBy(modules, name)).toEqual({ name, held: sorted(HISTORY) });
      for (const name of QUERIES_ONLY) expect(heldBy(modules, name)).toEqual({ name, held: [QUERIES] });
      // Registrations have a due index of their own.
      for (const name of ACCOUNTS_ONLY) {
        expect(ledgerModulesHeldBy(modules, name)).toEqual({ name, held: sorted([OPENING_ACCOUNTS, QUERIES]) });
      }
    },
  );

  it(
    'hold, for a function that only moves money, the write path but no settlement groups or expiry',
    { timeout: 60_000 },
    async () => {
      // Act
      const modules = await bundled();

      // Assess
      const transferLevel = [QUERIES, OPENING_ACCOUNTS, ...TRANSFER_PATH];
      for (const name of TRANSFERS_ONLY) expect(heldBy(modules, name)).toEqual({ name, held: sorted(transferLevel) });
      for (const name of TRANSFERS_WITH_OWN_DUE_INDEX) {
        const held = modules.get(name) ?? [];
        expect({ name, held: held.filter((path) => !DUE_SWEEP.includes(path)) }).toEqual({ name, held: sorted(transferLevel) });
      }
    },
  );

  it('hold, for the settlement worker and the expiry sweeper, the whole ledger', { timeout: 60_000 }, async () => {
    // Act
    const modules = await bundled();

    // Assess
    const wholeLedger = [...WATCHED].filter((path) => !HISTORY.includes(path));
    for (const name of WHOLE_LEDGER) expect(heldBy(modules, name)).toEqual({ name, held: sorted(wholeLedger) });
  });
});
