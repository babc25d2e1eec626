import { DomainError, isDomainError, type ErrorCode } from '../../errors';

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

/**
 * What a flow that writes its own transfers (a top-up, a refund) passes on from the ledger to its
 * caller: none of the refusals of what a caller builds, since the flow builds the legs (accounts it
 * opened, in their currency, ids it derives, reversals of legs it wrote); only an account past a
 * bound it keeps (BALANCE_OVERFLOW: an account on statements, or an exact counter past
 * LEDGER_COUNTER_MINOR_MAX). Its own problems the flow declares itself.
 */
export const FLOW_PASSED_ON_CODES: readonly ErrorCode[] = ['BALANCE_OVERFLOW'];

/**
 * A ledger refusal a flow passes on (FLOW_PASSED_ON_CODES), said of the flow's request instead of
 * the legs the flow built: `what` (the request) and the ledger's reason for the leg, without the
 * batch's position (no `index`, no "transfer N of the linked batch") and with `errors` only for
 * the request's own `fields` (none: no `errors`). Anything else is returned as it is.
 */
export const passedOnRefusal = (error: unknown, what: string, fields: readonly string[] = []): unknown => {
  if (!isDomainError(error) || !FLOW_PASSED_ON_CODES.includes(error.code)) return error;
  // legError keeps the leg's own detail (without the batch prefix) as its field message.
  const reason = error.fields[0]?.message ?? error.detail;
  return new DomainError(
    error.code,
    `${what}: ${reason}.`,
    fields.map((field) => ({ field, message: reason })),
  );
};
