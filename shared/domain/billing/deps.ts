import type { Logger } from '../../logger';
import type { BusinessMetrics, Clock } from '../../ports';
import type { LedgerTransfers } from '../ledger/ports';
import type { PartyStore } from '../parties/ports';
import type { JwsSigner } from '../tickets/ports';
import type { ActivityIndex, BillingQueue, BillingRunStore, ChargeCatalog, LedgerHistory, StatementStore } from './ports';

/**
 * Everything the billing use cases may use. Each takes only the part it needs (a Pick), so
 * a function is wired with only the resources it is granted.
 */
export interface BillingDeps {
  readonly runs: BillingRunStore;
  readonly statements: StatementStore;
  readonly activity: ActivityIndex;
  readonly history: LedgerHistory;
  /** Posts payouts, collections and remittance adjustments. */
  readonly ledger: LedgerTransfers;
  readonly catalog: ChargeCatalog;
  /** A customer's carrier (who collects); whether the party an operator lists statements of is registered. */
  readonly parties: Pick<PartyStore, 'getCustomer' | 'getProvider' | 'getAgent'>;
  readonly queue: BillingQueue;
  readonly signer: JwsSigner;
  readonly issuer: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Counts the payouts and collections the statement worker withheld (BillingSettlementsWithheld). */
  readonly metrics: BusinessMetrics;
  /** Provider balances below this are carried forward instead of paid out. */
  readonly payoutMinimumMinor: number;
  /** A statement with more lines than this is paged (KIPPU_BILLING_STATEMENT_PAGE_LINES; default BILLING_STATEMENT_PAGE_LINES_DEFAULT). */
  readonly statementPageLines?: number;
  /** Remittance differences up to this are listed only. */
  readonly remittanceToleranceMinor: number;
  /** The differences of a remittance import the worker posts per chunk (one message each). */
  readonly remittanceChunkSize: number;
  /** The statement queue's maxReceiveCount: the receive on which a failing party is recorded failed. */
  readonly maxReceiveCount: number;
}
