import { DomainError, isDomainError } from '../../errors';
import { derivedId } from '../../ids';
import { createTransfer } from '../ledger/one-transfer';
import { TOPUP_CODE } from '../payments/owned-transfers';
import type { LedgerTransfers } from '../ledger/ports';
import type { Principal } from '../principal';
import { agentCashAccount, customerWalletAccount } from './accounts';
import { openAgentCurrency, openWalletCurrency, requireCustomer, requireRegisteredAgent, type PartyDeps } from './parties';

export interface TopUpInput {
  readonly amountMinor: number;
  readonly currency: string;
  /** The agent's own reference (its receipt number): the idempotency key of the top-up. */
  readonly reference: string;
}

export interface TopUpView {
  readonly id: string;
  readonly customerId: string;
  readonly agentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reference: string;
  readonly walletAccountId: string;
  readonly agentCashAccountId: string;
  readonly recordedAt: string;
}

/** Ledger fields of the top-up transfer, named as the client knows them. */
const TOPUP_FIELD_NAMES: Readonly<Record<string, string>> = {
  creditAccountId: 'customerId',
  amountMinor: 'amountMinor',
  currency: 'currency',
};

export const topUpTransferId = (agentId: string, reference: string): string => derivedId('trf', 'topup', agentId, reference);

/**
 * An agent takes cash from a customer and credits the customer's prepaid wallet. Any
 * registered agent may top up any customer (a kiosk serves whoever walks in); the agent's
 * cash account is debited: it now owes kippu the cash it collected.
 *
 * Flow: the agent is registered → customer exists → open the wallet and the agent's accounts
 * in the currency (idempotent; a currency new to either party is recorded on it, so its reads
 * list the account) → one ledger transfer whose id derives from (agent, reference), so a repeat
 * with the same reference is `exists` and a different amount/customer/currency with it is
 * TOPUP_REFERENCE_REUSED naming the fields.
 */
export const topUpWallet = async (
  deps: PartyDeps<LedgerTransfers>,
  customerId: string,
  input: TopUpInput,
  principal: Principal,
): Promise<{ result: 'created' | 'exists'; topUp: TopUpView }> => {
  const agentId = principal.subject;
  const agent = await requireRegisteredAgent(deps.parties, agentId);
  const customer = await requireCustomer(deps.parties, customerId);
  const wallet = customerWalletAccount(customerId, input.currency);
  const cash = agentCashAccount(agentId, input.currency);
  await Promise.all([openWalletCurrency(deps, customer, input.currency), openAgentCurrency(deps, agent, input.currency)]);
  const transferId = topUpTransferId(agentId, input.reference);
  try {
    const outcome = await createTransfer(deps.ledger, {
      action: 'create',
      id: transferId,
      debitAccountId: cash.id,
      creditAccountId: wallet.id,
      amountMinor: input.amountMinor,
      currency: input.currency,
      code: TOPUP_CODE,
      reference: input.reference,
    });
    return {
      result: outcome.result,
      topUp: {
        id: transferId,
        customerId,
        agentId,
        amountMinor: outcome.transfer.amountMinor,
        currency: outcome.transfer.currency,
        reference: input.reference,
        walletAccountId: wallet.id,
        agentCashAccountId: cash.id,
        recordedAt: outcome.transfer.recordedAt,
      },
    };
  } catch (error) {
    if (isDomainError(error) && error.code === 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS') {
      const fields = error.fields
        .map((issue) => TOPUP_FIELD_NAMES[issue.field])
        .filter((field): field is string => field !== undefined)
        .map((field) => ({ field, message: 'differs from the first top-up with this reference' }));
      throw new DomainError(
        'TOPUP_REFERENCE_REUSED',
        `Reference ${input.reference} was used for a different top-up (${fields.map((field) => field.field).join(', ')}).`,
        fields,
      );
    }
    throw error;
  }
};
