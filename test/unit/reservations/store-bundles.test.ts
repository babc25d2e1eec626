import { describe, expect, it } from 'vitest';
import { watchedInputsOf } from '../../fixtures/function-bundles';

/**
 * A function bundles every method of each class it constructs, used or not, so the
 * reservation store comes in two classes: the records (read, move, the due flag, viewers'
 * seats: what finishing a show needs) and the whole store on top of them. reservation-cancel,
 * -outcome and -expire are wired with the records only; reservation-complete sweeps the `due`
 * index, which only the whole store reads. This bundles functions as the stack does and
 * checks, from esbuild's metafile, which of the store's modules each holds; reservation-create
 * is the control.
 */
const RECORDS_ONLY = ['reservation-cancel', 'reservation-outcome', 'reservation-expire'];
const WHOLE_STORE = ['reservation-create'];

const RECORDS = 'shared/adapters/aws/reservations-records-dynamodb.ts';
/** What only the whole store adds: its class, the listing cursor and the booker's index. */
const WHOLE_STORE_MODULES = [
  'shared/adapters/aws/owned-index-dynamodb.ts',
  'shared/adapters/aws/reservations-cursor.ts',
  'shared/adapters/aws/reservations-dynamodb.ts',
];
const WATCHED = [RECORDS, ...WHOLE_STORE_MODULES];

describe('the bundles of the reservation functions by the part of the store they use', () => {
  it('hold only the records for cancel, outcome and expire, and the whole store for booking', { timeout: 60_000 }, async () => {
    // Act
    const modules = await watchedInputsOf([...RECORDS_ONLY, ...WHOLE_STORE], WATCHED);
    const held = (name: string) => Object.keys(modules.get(name) ?? {}).sort();

    // Assess
    for (const name of RECORDS_ONLY) expect({ name, held: held(name) }).toEqual({ name, held: [RECORDS] });
    for (const name of WHOLE_STORE) expect({ name, held: held(name) }).toEqual({ name, held: [...WATCHED].sort() });
  });
});
