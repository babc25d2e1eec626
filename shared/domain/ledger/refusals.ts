import { isDomainError, type DomainError, type ErrorCode } from '../../errors';

/**
 * The ledger's own refusals of an operation: facts about accounts and transfers that a flow
 * built on the ledger (purchases, reservations) decides on and translates, and never hands
 * to its caller as they are. TRANSACTION_CONFLICT is not among them: it is contention, and
 * every flow answers it as "retry the request".
 */
export const LEDGER_REFUSAL_CODES: ReadonlySet<ErrorCode> = /* @__PURE__ */ new Set<ErrorCode>([
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS',
  'TRANSFER_NOT_FOUND',
  'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
  'CURRENCY_MISMATCH',
  'SAME_DEBIT_AND_CREDIT_ACCOUNT',
  'AMOUNT_NOT_POSITIVE',
  'EXCEEDS_CREDITS',
  'EXCEEDS_DEBITS',
  'PENDING_TRANSFER_NOT_FOUND',
  'TRANSFER_NOT_PENDING',
  'PENDING_TRANSFER_ALREADY_POSTED',
  'PENDING_TRANSFER_ALREADY_VOIDED',
  'PENDING_TRANSFER_EXPIRED',
  'PENDING_TRANSFER_OWNED_BY_FLOW',
  'POST_AMOUNT_EXCEEDS_PENDING',
  'LINKED_BATCH_TOO_LARGE',
  'LINKED_BATCH_DUPLICATE_ID',
  'LINKED_TRANSFER_FAILED',
  'REVERSAL_DOES_NOT_MATCH_ORIGINAL',
  'REVERSAL_AMOUNT_EXCEEDS_ORIGINAL',
  'BALANCE_OVERFLOW',
]);

export const isLedgerRefusal = (error: unknown): error is DomainError =>
  isDomainError(error) && LEDGER_REFUSAL_CODES.has(error.code);

/**
 * What posting or voiding one hold, named by its id, can refuse (evaluate-operation.ts,
 * evaluate-replay.ts): its resolution id stored with other fields, a hold that does not exist,
 * is not a hold, was resolved or has expired, and a counter beyond LEDGER_COUNTER_MINOR_MAX.
 * Only a post takes an amount, so only a post can ask for more than the hold. No accounts, no
 * batch and no reversal are named, so none of their refusals can come back.
 */
const HOLD_REFUSAL_CODES: readonly ErrorCode[] = [
  'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
  'PENDING_TRANSFER_NOT_FOUND',
  'TRANSFER_NOT_PENDING',
  'PENDING_TRANSFER_ALREADY_POSTED',
  'PENDING_TRANSFER_ALREADY_VOIDED',
  'PENDING_TRANSFER_EXPIRED',
  'BALANCE_OVERFLOW',
];
export const HOLD_RESOLUTION_REFUSAL_CODES: Readonly<Record<'post' | 'void', readonly ErrorCode[]>> = {
  post: [...HOLD_REFUSAL_CODES, 'POST_AMOUNT_EXCEEDS_PENDING'],
  void: HOLD_REFUSAL_CODES,
};
