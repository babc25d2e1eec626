import { assert, DomainError, isDomainError, quoted } from '../../errors';
import { derivedId } from '../../ids';
import type { LedgerTransfers } from '../ledger/ports';
import { passedOnRefusal } from '../ledger/refusals';
import type { TransferCode, TransferOperation, TransferOutcome } from '../ledger/types';
import { TOPUP_CODE, TOPUP_FEE_CODE } from '../payments/owned-transfers';
import type { Principal } from '../principal';
import { feeMinorAt } from '../purchases/fees';
import { agentCashAccount, agentFeeAccountId, customerWalletAccount } from './accounts';
import {
  agentTopUpFeeBps,
  openAgentCurrency,
  openWalletCurrency,
  requireCallerAgent,
  requireCustomer,
  type PartyDeps,
} from './parties';

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
  /** Credited to the wallet. */
  readonly amountMinor: number;
  /** The agent's surcharge on top (0 when its `topUpFeeBps` is 0). */
  readonly feeMinor: number;
  /** What the agent collects from the customer: amountMinor + feeMinor. */
  readonly collectedMinor: number;
  /** The fee leg, linked to the top-up; absent when there is no fee. */
  readonly feeTransferId?: string;
  readonly currency: string;
  readonly reference: string;
  readonly walletAccountId: string;
  readonly agentCashAccountId: string;
  readonly recordedAt: string;
}

/** Ledger fields of the top-up transfer (the first leg), named as the client knows them. */
const TOPUP_FIELD_NAMES: Readonly<Record<string, string>> = {
  creditAccountId: 'customerId',
  amountMinor: 'amountMinor',
  currency: 'currency',
};

/** A differing field of a leg (`amountMinor`, or `transfers.<index>.amountMinor` in a linked write) as the client names it. */
const topUpFieldOf = (ledgerField: string): string | undefined => TOPUP_FIELD_NAMES[ledgerField.replace(/^transfers\.\d+\./, '')];

export const topUpTransferId = (agentId: string, reference: string): string => derivedId('trf', 'topup', agentId, reference);

/** The fee leg of a top-up, derived from the top-up's id: a repeat names the same transfer. */
export const topUpFeeTransferId = (topUpId: string): string => derivedId('trf', 'topup-fee', topUpId);

/** The fee on a top-up and what the agent collects; refused when the sum is no safe integer (JSON could not carry it). */
const collectedFor = (amountMinor: number, topUpFeeBps: number): { feeMinor: number; collectedMinor: number } => {
  const feeMinor = feeMinorAt(amountMinor, topUpFeeBps);
  const collectedMinor = amountMinor + feeMinor;
  if (!Number.isSafeInteger(collectedMinor)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The amount with the agent's fee (${feeMinor}) would pass ${Number.MAX_SAFE_INTEGER} minor units.`,
      [{ field: 'amountMinor', message: `plus the agent's fee must be at most ${Number.MAX_SAFE_INTEGER}` }],
    );
  }
  return { feeMinor, collectedMinor };
};

/** The legs of a top-up: agent cash → wallet, then (a positive fee) agent cash → agent fees, linked to it. */
const topUpOperations = (
  legs: { readonly transferId: string; readonly feeTransferId: string | undefined; readonly feeMinor: number },
  accounts: { readonly cashId: string; readonly walletId: string; readonly feesId: string },
  input: TopUpInput,
): TransferOperation[] => {
  const leg = (id: string, creditAccountId: string, amountMinor: number, code: TransferCode): TransferOperation => ({
    action: 'create',
    id,
    debitAccountId: accounts.cashId,
    creditAccountId,
    amountMinor,
    currency: input.currency,
    code,
    reference: input.reference,
  });
  return [
    leg(legs.transferId, accounts.walletId, input.amountMinor, TOPUP_CODE),
    ...(legs.feeTransferId === undefined ? [] : [leg(legs.feeTransferId, accounts.feesId, legs.feeMinor, TOPUP_FEE_CODE)]),
  ];
};

/** What differs, in the detail's words: the fields themselves are in `errors`, named as the request names them (the customer by the path's `id`). */
const TOPUP_FIELD_WORDS: Readonly<Record<string, string>> = {
  customerId: 'customer',
  amountMinor: 'amount',
  currency: 'currency',
};

/** A leg stored with other fields under the reference is TOPUP_REFERENCE_REUSED naming the request's fields; anything else as it is. */
const referenceReusedOr = (error: unknown, reference: string): unknown => {
  if (!isDomainError(error) || error.code !== 'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS') return error;
  const named = error.fields.map((issue) => topUpFieldOf(issue.field)).filter((field): field is string => field !== undefined);
  const fields = [...new Set(named)].map((field) => ({ field, message: 'differs from the first top-up with this reference' }));
  const words = fields.map(({ field }) => TOPUP_FIELD_WORDS[field] ?? field);
  return new DomainError(
    'TOPUP_REFERENCE_REUSED',
    `Reference ${quoted(reference)} was used for a different top-up${words.length === 0 ? '' : `: another ${words.join(' and ')}`}.`,
    fields,
  );
};

/**
 * An agent takes cash from a customer and credits the customer's prepaid wallet. Any
 * registered agent may top up any customer (a kiosk serves whoever walks in); the agent's
 * cash account is debited: it now owes kippu the cash it collected. A kiosk's fee is a
 * surcharge the customer pays on top: the wallet is credited exactly `amountMinor`, the
 * agent collects `amountMinor + feeMinor` and earns `feeMinor` (`feeMinorAt`, the settlement
 * split's rule: the amount at the agent's `topUpFeeBps`, rounded down).
 *
 * Flow: the agent is registered (404 AGENT_NOT_FOUND naming no field, requireCallerAgent) → customer exists → open the wallet and the agent's accounts
 * in the currency (idempotent; a currency new to either party is recorded on it, so its reads
 * list the account) → the fee on the amount, refused (422 naming amountMinor) when the amount
 * collected would pass 2^53 − 1 → ONE ledger write: the top-up transfer, agent cash → wallet,
 * whose id derives from (agent, reference), and, when the fee is positive, linked to it the fee
 * leg, agent cash → agent fees, whose id derives from the top-up's. A repeat with the same
 * reference is `exists` for every leg (an agent's rate never changes, so a repeat asks for the
 * legs that are stored; a top-up stored before fees existed is an agent at 0 and one leg); a
 * different amount/customer/currency with it is TOPUP_REFERENCE_REUSED naming the fields.
 */
export const topUpWallet = async (
  deps: PartyDeps<LedgerTransfers>,
  customerId: string,
  input: TopUpInput,
  principal: Principal,
): Promise<{ result: 'created' | 'exists'; topUp: TopUpView }> => {
  const agentId = principal.subject;
  const agent = await requireCallerAgent(deps.parties, agentId);
  const customer = await requireCustomer(deps.parties, customerId);
  const { feeMinor, collectedMinor } = collectedFor(input.amountMinor, agentTopUpFeeBps(agent));
  const wallet = customerWalletAccount(customerId, input.currency);
  const cash = agentCashAccount(agentId, input.currency);
  await Promise.all([openWalletCurrency(deps, customer, input.currency), openAgentCurrency(deps, agent, input.currency)]);
  const transferId = topUpTransferId(agentId, input.reference);
  const feeTransferId = feeMinor > 0 ? topUpFeeTransferId(transferId) : undefined;
  const operations = topUpOperations(
    { transferId, feeTransferId, feeMinor },
    { cashId: cash.id, walletId: wallet.id, feesId: agentFeeAccountId(agentId, input.currency) },
    input,
  );
  let outcomes: readonly TransferOutcome[];
  try {
    outcomes = await deps.ledger.createTransfers(operations);
  } catch (error) {
    throw passedOnRefusal(referenceReusedOr(error, input.reference), 'The top-up cannot be made', ['amountMinor']);
  }
  const [topUp, fee] = outcomes;
  assert(topUp !== undefined && (fee === undefined) === (feeTransferId === undefined), 'one outcome per leg of a top-up');
  // Paired assertion where money moves: the legs read back move the amounts asked for.
  assert(topUp.transfer.amountMinor === input.amountMinor, 'the top-up leg credits the amount asked for');
  assert((fee?.transfer.amountMinor ?? 0) === feeMinor, "the fee leg moves the agent's fee");
  return {
    result: topUp.result,
    topUp: {
      id: transferId,
      customerId,
      agentId,
      amountMinor: topUp.transfer.amountMinor,
      feeMinor,
      collectedMinor,
      ...(feeTransferId === undefined ? {} : { feeTransferId }),
      currency: topUp.transfer.currency,
      reference: input.reference,
      walletAccountId: wallet.id,
      agentCashAccountId: cash.id,
      recordedAt: topUp.transfer.recordedAt,
    },
  };
};
