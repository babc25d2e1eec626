import { describe, expect, it } from 'vitest';
import { watchedInputsOf } from '../../fixtures/function-bundles';

/**
 * A function bundles every method of each class it constructs, used or not, so the billing
 * run store and the statement store each come in two classes: what billing one party uses (a
 * run's progress; the statement writer) and the whole store on top of it. The statement
 * worker is wired with the narrow ones, a remittance import with a run's progress and the
 * collections alone. This bundles functions as the stack does and checks, from esbuild's
 * metafile, which of the stores' modules each holds (with any code of theirs in the output);
 * statement-get and billing-run-create are the controls.
 */
const RUN_PROGRESS = 'shared/adapters/aws/billing-run-progress-dynamodb.ts';
const STATEMENT_WRITER = 'shared/adapters/aws/billing-statement-writer-dynamodb.ts';
const WATCHED = [
  RUN_PROGRESS,
  STATEMENT_WRITER,
  'shared/adapters/aws/billing-runs-dynamodb.ts',
  'shared/adapters/aws/billing-statements-dynamodb.ts',
  'shared/domain/billing/cursors.ts',
];

const heldBy = (modules: Map<string, Readonly<Record<string, number>>>, name: string) => ({
  name,
  held: Object.keys(modules.get(name) ?? {}).sort(),
});

describe('the bundles of the billing functions by the part of the stores they use', () => {
  it('hold, for the statement worker and a remittance import, only the parts they use', { timeout: 60_000 }, async () => {
    // Act
    const modules = await watchedInputsOf(
      ['billing-statement-worker', 'billing-remittance-import', 'statement-get', 'billing-run-create'],
      WATCHED,
    );

    // Assess
    expect(heldBy(modules, 'billing-statement-worker')).toEqual({
      name: 'billing-statement-worker',
      // The cursors module lends the writer the statements' sort key only.
      held: [
        'shared/adapters/aws/billing-run-progress-dynamodb.ts',
        'shared/adapters/aws/billing-statement-writer-dynamodb.ts',
        'shared/domain/billing/cursors.ts',
      ],
    });
    // A remittance import holds the remittance store (billing-runs-dynamodb.ts) and the
    // collections query (billing-statements-dynamodb.ts), not the stores' classes.
    const remittance = modules.get('billing-remittance-import') ?? {};
    expect(heldBy(modules, 'billing-remittance-import')).toEqual({
      name: 'billing-remittance-import',
      held: [...WATCHED.filter((path) => path !== 'shared/domain/billing/cursors.ts')].sort(),
    });
    const control = modules.get('statement-get') ?? {};
    expect(remittance['shared/adapters/aws/billing-statements-dynamodb.ts']).toBeLessThan(
      (control['shared/adapters/aws/billing-statements-dynamodb.ts'] ?? 0) / 4,
    );
    const runCreate = modules.get('billing-run-create') ?? {};
    expect(remittance['shared/adapters/aws/billing-runs-dynamodb.ts']).toBeLessThan(
      runCreate['shared/adapters/aws/billing-runs-dynamodb.ts'] ?? 0,
    );
  });
});
