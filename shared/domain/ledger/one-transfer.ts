import { assert } from '../../errors';
import type { Ledger } from './ports';
import type { TransferOperation, TransferOutcome } from './types';

/** One operation through `createTransfers`, which answers one outcome per operation. */
export const createTransfer = async (
  ledger: Pick<Ledger, 'createTransfers'>,
  operation: TransferOperation,
): Promise<TransferOutcome> => {
  const [outcome] = await ledger.createTransfers([operation]);
  assert(outcome !== undefined, 'one operation has one outcome');
  return outcome;
};
