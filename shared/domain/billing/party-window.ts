import { customerCarrierAccountId } from '../parties/accounts';
import { makesBillLine } from './customer-bill';
import type { StatementMessage } from './ports';
import { paidOutOf } from './statement-settle';
import type { CollectionRecord, RunRecord, StatementSettlement } from './types';
import type { LedgerWindow } from './window';

/* What a party's window of the ledger says about its statement (statement-job.ts). */

/**
 * A first statement opens with money the earlier runs put on no statement (the party had no
 * movement in their periods): the provider's revenue balance, the agent's fee balance, the
 * customer's carrier debt or credit. That money is on this statement (its opening balance, a
 * balance brought forward) even when nothing else moved. A wallet balance is no bill's business
 * (top-ups are not lines).
 */
export const opensWithMoney = (message: StatementMessage, window: LedgerWindow): boolean => openingOf(message, window) !== 0;

export const openingOf = (message: StatementMessage, window: LedgerWindow): number =>
  window.openingBalances[
    message.kind === 'customer' ? customerCarrierAccountId(message.partyId, message.currency) : paidOutOf(message)
  ] ?? 0;

/**
 * Whether the party's window holds movement its statement states: any posted money on a
 * provider's or agent's account, a bill line on a customer's (a top-up alone is no bill line,
 * so a month of top-ups only makes no bill, as a month without movement makes none).
 */
export const movedInWindow = (message: StatementMessage, window: LedgerWindow): boolean =>
  message.kind === 'customer' ? window.entries.some(makesBillLine) : window.entries.length > 0;

export const collectionOf = (run: RunRecord, message: StatementMessage, statementId: string, settlement?: StatementSettlement) =>
  settlement?.kind === 'collection' && settlement.agentId !== undefined
    ? ({
        period: run.period,
        agentId: settlement.agentId,
        customerId: message.partyId,
        currency: message.currency,
        statementId,
        amountMinor: settlement.amountMinor,
      } satisfies CollectionRecord)
    : undefined;
