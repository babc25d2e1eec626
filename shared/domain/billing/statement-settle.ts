import { assert, DomainError, isDomainError, quoted } from '../../errors';
import { errorFields } from '../../logger';
import { agentCashAccountId, agentFeeAccountId, customerCarrierAccountId, providerRevenueAccountId } from '../parties/accounts';
import { createTransfer } from '../ledger/one-transfer';
import { carrierCollectorOf } from '../parties/carrier-terms';
import { providerPayoutsAccount } from './accounts';
import { postSplitPayout } from './payout-split';
import type { BillingDeps } from './deps';
import { nextPeriod, type Period } from './period';
import type { ActivityIndex, StatementMessage } from './ports';
import type { SettlementWithheldReason, StatementSettlement } from './types';
import { BILLING_CODES } from './window';

/** What posting a statement's payout or collection uses (statement-job.ts). */
export type SettleDeps = Pick<BillingDeps, 'ledger' | 'parties' | 'logger' | 'metrics'> & {
  /** Lists a party whose settlement was withheld in the next period's run. */
  readonly activity: Pick<ActivityIndex, 'mark'>;
};

/**
 * Whether a balance carried from the party's previous statement is due to be settled now: a
 * provider's or agent's balance of at least the payout minimum, a customer's carrier debt. Such a
 * balance is carried only when its payout or collection was withheld (or the minimum was lowered
 * since), so its statement is made in a period without movement, and tries again. A balance below
 * the minimum is not due: without movement it stays below it (docs/billing.md).
 */
export const carriedDue = (kind: StatementMessage['kind'], carriedMinor: number, payoutMinimumMinor: number): boolean =>
  kind === 'customer' ? carriedMinor < 0 : carriedMinor >= Math.max(1, payoutMinimumMinor);

/** Currencies whose payouts account this container opened, per ledger (opening is idempotent; this saves the call). */
const payoutAccountsOpened = /* @__PURE__ */ new WeakMap<object, Set<string>>();

const openPayoutsAccount = async (ledger: SettleDeps['ledger'], currency: string): Promise<void> => {
  const opened = payoutAccountsOpened.get(ledger) ?? new Set<string>();
  payoutAccountsOpened.set(ledger, opened);
  if (opened.has(currency)) return;
  await ledger.createAccount(providerPayoutsAccount(currency));
  opened.add(currency);
};

/** The account a payout is paid out of: the provider's revenue, or the agent's fees. */
export const paidOutOf = (message: StatementMessage): string =>
  message.kind === 'agent'
    ? agentFeeAccountId(message.partyId, message.currency)
    : providerRevenueAccountId(message.partyId, message.currency);

/**
 * Posts what settles the statement — the payout (revenue or agent fees → payouts) or the collection
 * (carrier's cash → the customer's carrier account) — with an id derived from the statement:
 * a retry answers `exists`, and a different amount under that id (which would mean the
 * statement came out differently) is TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS. The transfer is
 * checked after the write, as written.
 */
const postSettlement = async (
  deps: SettleDeps,
  message: StatementMessage,
  statementId: string,
  settlement: StatementSettlement,
): Promise<StatementSettlement> => {
  let debitAccountId: string;
  let creditAccountId: string;
  let agentId: string | undefined;
  if (settlement.kind === 'payout') {
    await openPayoutsAccount(deps.ledger, message.currency);
    debitAccountId = paidOutOf(message);
    creditAccountId = providerPayoutsAccount(message.currency).id;
  } else {
    // The carrier the account is owed to: the current one, or the one of a subscription that ended (carrier-terms.ts).
    const customer = await deps.parties.getCustomer(message.partyId);
    agentId = customer === undefined ? undefined : carrierCollectorOf(customer, message.currency);
    if (agentId === undefined) {
      throw new DomainError('CUSTOMER_NOT_FOUND', `Customer ${quoted(message.partyId)} owes its carrier but names no carrier.`);
    }
    debitAccountId = agentCashAccountId(agentId, message.currency);
    creditAccountId = customerCarrierAccountId(message.partyId, message.currency);
  }
  const { transfer: posted } = await createTransfer(deps.ledger, {
    action: 'create',
    id: settlement.transferId,
    debitAccountId,
    creditAccountId,
    amountMinor: settlement.amountMinor,
    currency: message.currency,
    code: settlement.kind === 'payout' ? BILLING_CODES.payout : BILLING_CODES.collection,
    reference: statementId,
  });
  assert(
    posted.amountMinor === settlement.amountMinor && posted.creditAccountId === creditAccountId,
    'the settlement transfer moved what the statement says',
  );
  return { ...settlement, ...(agentId === undefined ? {} : { agentId }) };
};

/**
 * Posts the statement's payout or collection. A payout the ledger refuses with BALANCE_OVERFLOW
 * because one shard of the account may not pay it out is paid in linked legs over the account's
 * shards (payout-split.ts). One that the account as a whole cannot pay, and a collection refused
 * so (an account on statements at its bound: docs/ledger.md "Accounts on statements"), is withheld, so
 * that billing never stalls on it: the caller builds the statement again without it, the amount
 * carried as the closing balance (as a payout below the minimum is) and the statement saying why,
 * and an error log line and BillingSettlementsWithheld tell the operator. The refusal depends only
 * on the settlement's derived id, amount and accounts (for a payout, all the account's shards),
 * whose posted counters only grow: a redelivery or a rerun is refused alike and builds the same statement. The party is marked active
 * in the next period, whose run tries again with or without movement.
 */
export const postOrWithhold = async (
  deps: SettleDeps,
  message: StatementMessage,
  statement: { readonly id: string; readonly period: Period },
  settlement: StatementSettlement | undefined,
): Promise<{ readonly posted?: StatementSettlement; readonly withheld?: SettlementWithheldReason }> => {
  const statementId = statement.id;
  if (settlement === undefined) return {};
  try {
    return { posted: await postSettlement(deps, message, statementId, settlement) };
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'BALANCE_OVERFLOW') throw error;
    if (settlement.kind === 'payout') {
      // One transfer debits one shard: above its bound, the payout is split over the account's shards.
      const paidInto = providerPayoutsAccount(message.currency).id;
      const legs = await postSplitPayout(
        deps.ledger,
        message,
        { id: statementId, paidOutOf: paidOutOf(message), paidInto },
        settlement,
      );
      if (legs?.[0] !== undefined) {
        deps.logger.info('billing paid a payout above one balance shard in linked legs', {
          ...message,
          statementId,
          legs: legs.length,
        });
        return { posted: { ...settlement, transferId: legs[0].transferId, legs } };
      }
    }
    deps.logger.error('billing withheld a settlement the ledger refused; its amount is carried to the next period', {
      ...message,
      statementId,
      settlement: settlement.kind,
      amountMinor: settlement.amountMinor,
      ...errorFields(error),
    });
    deps.metrics.record('billingSettlementsWithheld', 1, {});
    // The next period's run lists the party even if nothing moves for it, so that the amount is
    // tried again (carriedDue). Before the statement is stored: a crash in between redoes both.
    const { kind, partyId, currency } = message;
    await deps.activity.mark([{ period: nextPeriod(statement.period).id, kind, partyId, currency }]);
    return { withheld: error.code };
  }
};
