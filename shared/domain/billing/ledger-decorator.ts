import type { Ledger, LedgerTransfers } from '../ledger/ports';
import type { TransferOperation, TransferOutcome } from '../ledger/types';

/**
 * A ledger that passes every call to another; decorators override what they add to (the
 * marking ledger marks activity around writes, a test's counting ledger counts them). Two
 * levels, like the port: this one moves money; DelegatingLedger adds groups and expiry.
 */
export class DelegatingLedgerTransfers implements LedgerTransfers {
  constructor(protected readonly inner: LedgerTransfers) {}

  createAccount(...args: Parameters<Ledger['createAccount']>) {
    return this.inner.createAccount(...args);
  }
  getAccount(accountId: string) {
    return this.inner.getAccount(accountId);
  }
  getTransfer(transferId: string) {
    return this.inner.getTransfer(transferId);
  }
  createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]> {
    return this.inner.createTransfers(operations);
  }
  postPending(...args: Parameters<Ledger['postPending']>): Promise<TransferOutcome> {
    return this.inner.postPending(...args);
  }
  voidPending(...args: Parameters<Ledger['voidPending']>): Promise<TransferOutcome> {
    return this.inner.voidPending(...args);
  }
  expirePending(...args: Parameters<Ledger['expirePending']>): Promise<TransferOutcome> {
    return this.inner.expirePending(...args);
  }
  shardDebitsPosted(accountId: string): Promise<readonly bigint[]> {
    return this.inner.shardDebitsPosted(accountId);
  }
}

/** The whole Ledger passed on: the transfers level plus settlement groups and expiry. */
export class DelegatingLedger extends DelegatingLedgerTransfers implements Ledger {
  constructor(protected override readonly inner: Ledger) {
    super(inner);
  }

  expireDue(options: { limit: number }) {
    return this.inner.expireDue(options);
  }
  createTransferGroups(...args: Parameters<Ledger['createTransferGroups']>): ReturnType<Ledger['createTransferGroups']> {
    return this.inner.createTransferGroups(...args);
  }
}
