import { CURRENCY_MESSAGE, isIsoCurrency } from '../../currencies';
import { DomainError, quoted, type ErrorCode } from '../../errors';
import {
  LEDGER_BALANCE_SHARDS_MAX,
  LEDGER_ID_LENGTH_MAX,
  LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
  LEDGER_REFERENCE_LENGTH_MAX,
  LEDGER_TRANSFER_CODE_LENGTH_MAX,
  LEDGER_TRANSFER_CODE_MAX,
  LINKED_TRANSFERS_MAX,
} from '../../limits';
import { storedTextIssues } from '../stored-text';
import { derivedResolutionId } from './keys';
import type {
  AccountFlags,
  CreateAccountInput,
  CreateTransferInput,
  ExpirePendingInput,
  PostPendingInput,
  TransferCode,
  TransferOperation,
  VoidPendingInput,
} from './types';

/**
 * Input checks that need no stored state. They run before any read, and their failures are
 * the same whether or not a transfer with the same id exists (an invalid request can never
 * equal a stored, valid one).
 */

/** Letters, digits and `_ - . :`; never `#` (a key separator) nor `~` (a key sentinel). */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;
export const CODE_TAG_PATTERN = /^[a-z][a-z0-9_.-]*$/;

/** Where a failing leg is reported: `transfers.2.amountMinor` and `index: 2` in a linked batch. */
export interface LegPosition {
  readonly index: number;
  readonly linked: boolean;
}

const singleLeg: LegPosition = { index: 0, linked: false };

export const legError = (code: ErrorCode, detail: string, position: LegPosition, field?: string): DomainError => {
  const path = field === undefined ? undefined : position.linked ? `transfers.${position.index}.${field}` : field;
  const prefix = position.linked ? `transfer ${position.index} of the linked batch: ` : '';
  return new DomainError(
    code,
    `${prefix}${detail}`,
    path === undefined ? [] : [{ field: path, message: detail }],
    position.linked ? { index: position.index } : {},
  );
};

const invalid = (position: LegPosition, field: string, message: string): DomainError =>
  legError('VALIDATION_FAILED', message, position, field);

const checkId = (value: unknown, position: LegPosition, field: string): string => {
  if (typeof value !== 'string' || value.length === 0 || value.length > LEDGER_ID_LENGTH_MAX || !ID_PATTERN.test(value)) {
    throw invalid(position, field, `must be 1..${LEDGER_ID_LENGTH_MAX} letters, digits, '_', '-', '.' or ':'`);
  }
  return value;
};

const checkCurrency = (value: unknown, position: LegPosition, field = 'currency'): string => {
  if (typeof value !== 'string' || !isIsoCurrency(value)) {
    throw invalid(position, field, CURRENCY_MESSAGE);
  }
  return value;
};

/** Amounts are positive safe integers; zero and negatives get their own code, like TigerBeetle. */
const checkAmount = (value: unknown, position: LegPosition, field = 'amountMinor'): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid(position, field, 'must be an integer amount of minor units within the safe integer range');
  }
  if (value <= 0) throw legError('AMOUNT_NOT_POSITIVE', 'the amount must be greater than zero', position, field);
  return value;
};

const checkCode = (value: unknown, position: LegPosition, field = 'code'): TransferCode | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= LEDGER_TRANSFER_CODE_MAX) return value;
  if (typeof value === 'string' && value.length <= LEDGER_TRANSFER_CODE_LENGTH_MAX && CODE_TAG_PATTERN.test(value)) {
    return value;
  }
  throw invalid(
    position,
    field,
    `must be an integer 0..${LEDGER_TRANSFER_CODE_MAX} or a lowercase tag of at most ${LEDGER_TRANSFER_CODE_LENGTH_MAX} characters`,
  );
};

/**
 * A reference is stored free text like every other (shared/domain/stored-text.ts): counted in
 * characters, no control character, a visible one, stored trimmed; refused in the words every
 * such field is refused with.
 */
const checkReference = (value: unknown, position: LegPosition, field = 'reference'): string | undefined => {
  if (value === undefined) return undefined;
  const issues = storedTextIssues(value, LEDGER_REFERENCE_LENGTH_MAX);
  if (issues.length > 0) {
    const path = position.linked ? `transfers.${position.index}.${field}` : field;
    throw new DomainError(
      'VALIDATION_FAILED',
      `The request body is invalid: ${quoted(path)}.`,
      [{ field: path, message: issues.join('; ') }],
      position.linked ? { index: position.index } : {},
    );
  }
  return (value as string).trim();
};

const checkInstant = (value: unknown, position: LegPosition, field: string): number | undefined => {
  if (value === undefined) return undefined;
  const instantMs = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(instantMs)) throw invalid(position, field, 'must be an ISO-8601 instant');
  return instantMs;
};

export interface NormalizedAccount {
  readonly id?: string;
  readonly currency: string;
  readonly flags: AccountFlags;
  readonly limitMinor: number;
  readonly code?: TransferCode;
  readonly reference?: string;
  readonly balanceShards?: number;
}

export const normalizeAccount = (input: CreateAccountInput): NormalizedAccount => {
  const position = singleLeg;
  const id = input.id === undefined ? undefined : checkId(input.id, position, 'id');
  const currency = checkCurrency(input.currency, position);
  const flags: AccountFlags = {
    debitsMustNotExceedCredits: input.flags?.debitsMustNotExceedCredits === true,
    creditsMustNotExceedDebits: input.flags?.creditsMustNotExceedDebits === true,
  };
  if (flags.debitsMustNotExceedCredits && flags.creditsMustNotExceedDebits) {
    throw invalid(position, 'flags', 'an account limits its debits or its credits, not both');
  }
  const limited = flags.debitsMustNotExceedCredits || flags.creditsMustNotExceedDebits;
  let limitMinor = 0;
  if (input.limitMinor !== undefined) {
    if (!Number.isSafeInteger(input.limitMinor) || input.limitMinor < 0) {
      throw invalid(position, 'limitMinor', 'must be a non-negative integer amount of minor units');
    }
    if (!limited && input.limitMinor !== 0) {
      throw invalid(position, 'limitMinor', 'a limit needs debitsMustNotExceedCredits or creditsMustNotExceedDebits');
    }
    limitMinor = input.limitMinor;
  }
  let balanceShards: number | undefined;
  if (input.balanceShards !== undefined) {
    if (!Number.isInteger(input.balanceShards) || input.balanceShards < 1 || input.balanceShards > LEDGER_BALANCE_SHARDS_MAX) {
      throw invalid(position, 'balanceShards', `must be an integer 1..${LEDGER_BALANCE_SHARDS_MAX}`);
    }
    if (limited && input.balanceShards !== 1) {
      throw invalid(position, 'balanceShards', 'an account with a limit keeps one exact balance');
    }
    balanceShards = input.balanceShards;
  }
  const code = checkCode(input.code, position);
  const reference = checkReference(input.reference, position);
  return {
    ...(id === undefined ? {} : { id }),
    currency,
    flags,
    limitMinor,
    ...(code === undefined ? {} : { code }),
    ...(reference === undefined ? {} : { reference }),
    ...(balanceShards === undefined ? {} : { balanceShards }),
  };
};

/** The shard count an account gets: limited accounts are exact; others use the configured default. */
export const resolveBalanceShards = (account: NormalizedAccount, balanceShardsDefault: number): number => {
  if (account.flags.debitsMustNotExceedCredits || account.flags.creditsMustNotExceedDebits) return 1;
  return account.balanceShards ?? balanceShardsDefault;
};

/** A transfer operation after its input checks; `expire` is internal to the sweeper. */
export type NormalizedOperation =
  | ({ readonly action: 'create' } & Omit<CreateTransferInput, 'effectiveAt'> & { readonly effectiveAtMs?: number })
  | ({ readonly action: 'post' } & WithId<PostPendingInput>)
  | ({ readonly action: 'void' | 'expire' } & WithId<VoidPendingInput>);

/** An input whose optional id has been derived. */
type WithId<Input extends { readonly id?: string }> = Omit<Input, 'id'> & { readonly id: string };

const normalizeOperation = (operation: TransferOperation, position: LegPosition): NormalizedOperation => {
  const code = checkCode(operation.code, position);
  const reference = checkReference(operation.reference, position);
  const metadata = { ...(code === undefined ? {} : { code }), ...(reference === undefined ? {} : { reference }) };
  switch (operation.action) {
    case 'create': {
      const id = checkId(operation.id, position, 'id');
      const debitAccountId = checkId(operation.debitAccountId, position, 'debitAccountId');
      const creditAccountId = checkId(operation.creditAccountId, position, 'creditAccountId');
      const amountMinor = checkAmount(operation.amountMinor, position);
      const currency = checkCurrency(operation.currency, position);
      if (debitAccountId === creditAccountId) {
        throw legError(
          'SAME_DEBIT_AND_CREDIT_ACCOUNT',
          'the debit and the credit account must differ',
          position,
          'creditAccountId',
        );
      }
      const effectiveAtMs = checkInstant(operation.effectiveAt, position, 'effectiveAt');
      let timeoutSeconds: number | undefined;
      if (operation.timeoutSeconds !== undefined) {
        if (
          !Number.isInteger(operation.timeoutSeconds) ||
          operation.timeoutSeconds < 1 ||
          operation.timeoutSeconds > LEDGER_PENDING_TIMEOUT_SECONDS_MAX
        ) {
          throw invalid(position, 'timeoutSeconds', `must be an integer 1..${LEDGER_PENDING_TIMEOUT_SECONDS_MAX}`);
        }
        timeoutSeconds = operation.timeoutSeconds;
      }
      const reversesTransferId =
        operation.reversesTransferId === undefined
          ? undefined
          : checkId(operation.reversesTransferId, position, 'reversesTransferId');
      if (reversesTransferId !== undefined && timeoutSeconds !== undefined) {
        // A reversal moves money back at once: a pending one could be voided or expire having
        // moved nothing, yet it would count against what the original may still have reversed.
        throw invalid(position, 'timeoutSeconds', 'a reversal moves the money back at once: it cannot be a hold');
      }
      return {
        action: 'create',
        id,
        debitAccountId,
        creditAccountId,
        amountMinor,
        currency,
        ...metadata,
        ...(effectiveAtMs === undefined ? {} : { effectiveAtMs }),
        ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
        ...(reversesTransferId === undefined ? {} : { reversesTransferId }),
      };
    }
    case 'post': {
      const pendingId = checkId(operation.pendingId, position, 'pendingId');
      const id = operation.id === undefined ? derivedResolutionId(pendingId, 'post') : checkId(operation.id, position, 'id');
      const amountMinor = operation.amountMinor === undefined ? undefined : checkAmount(operation.amountMinor, position);
      return { action: 'post', id, pendingId, ...(amountMinor === undefined ? {} : { amountMinor }), ...metadata };
    }
    case 'void': {
      const pendingId = checkId(operation.pendingId, position, 'pendingId');
      const id = operation.id === undefined ? derivedResolutionId(pendingId, 'void') : checkId(operation.id, position, 'id');
      return { action: 'void', id, pendingId, ...metadata };
    }
  }
};

/** The one operation of an `expirePending`: the hold's derived expire transfer. */
export const normalizeExpire = (input: ExpirePendingInput): NormalizedOperation => {
  const pendingId = checkId(input.pendingId, singleLeg, 'pendingId');
  return { action: 'expire', id: derivedResolutionId(pendingId, 'expire'), pendingId };
};

/**
 * Checks a batch: 1 operation is a single transfer; more are linked (all or nothing) and
 * bounded by LINKED_TRANSFERS_MAX so that the batch always fits one DynamoDB transaction.
 */
export const normalizeOperations = (operations: readonly TransferOperation[]): NormalizedOperation[] => {
  if (operations.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'a batch needs at least one transfer', [
      { field: 'transfers', message: 'must not be empty' },
    ]);
  }
  if (operations.length > LINKED_TRANSFERS_MAX) {
    throw new DomainError(
      'LINKED_BATCH_TOO_LARGE',
      `a linked batch holds at most ${LINKED_TRANSFERS_MAX} transfers (one DynamoDB transaction of 100 items, 6 items per transfer at worst)`,
      [{ field: 'transfers', message: `at most ${LINKED_TRANSFERS_MAX} transfers` }],
      { limit: LINKED_TRANSFERS_MAX },
    );
  }
  const linked = operations.length > 1;
  const normalized = operations.map((operation, index) => normalizeOperation(operation, { index, linked }));
  const seen = new Set<string>();
  normalized.forEach((operation, index) => {
    if (seen.has(operation.id)) {
      throw legError('LINKED_BATCH_DUPLICATE_ID', `transfer id ${quoted(operation.id)} appears twice`, { index, linked }, 'id');
    }
    seen.add(operation.id);
  });
  return normalized;
};
