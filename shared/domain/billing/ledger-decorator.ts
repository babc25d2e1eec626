import type { Ledger } from '../ledger/ports';
import type { TransferOperation, TransferOutcome } from '../ledger/types';

/**
 * A Ledger that passes every call to another; decorators override what they add to (the
 * marking ledger marks activity around writes, a test's counting ledger counts them).
 */
export class DelegatingLedger implements Ledger {
  constructor(protected readonly inner: Ledger) {}

  createAccount(...args: Parameters<Ledger['createAccount']>) {
    return this.inner.createAccount(...args);
  }
  getAccount(accountId: string) {
    return this.inner.getAccount(accountId);
  }
  getTransfer(transferId: string) {
    return this.inner.getTransfer(transferId);
  }
  listEntries(...args: Parameters<Ledger['listEntries']>) {
    return this.inner.listEntries(...args);
  }
  expireDue(options: { limit: number }) {
    return this.inner.expireDue(options);
  }
  createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    return this.inner.createTransfers(operations);
  }
  createTransferGroups(...args: Parameters<Ledger['createTransferGroups']>): ReturnType<Ledger['createTransferGroups']> {
    return this.inner.createTransferGroups(...args);
  }
  postPending(...args: Parameters<Ledger['postPending']>): Promise<TransferOutcome> {
    return this.inner.postPending(...args);
  }
  voidPending(...args: Parameters<Ledger['voidPending']>): Promise<TransferOutcome> {
    return this.inner.voidPending(...args);
  }
}
