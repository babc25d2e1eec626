import * as z from 'zod';
import { CODE_TAG_PATTERN, ID_PATTERN } from '../domain/ledger/validation';
import {
  LEDGER_BALANCE_SHARDS_MAX,
  LEDGER_ENTRIES_PAGE_LIMIT_MAX,
  LEDGER_ID_LENGTH_MAX,
  LEDGER_PENDING_TIMEOUT_SECONDS_MAX,
  LEDGER_REFERENCE_LENGTH_MAX,
  LEDGER_TRANSFER_CODE_LENGTH_MAX,
  LEDGER_TRANSFER_CODE_MAX,
  LINKED_TRANSFERS_MAX,
} from '../limits';
import { Currency, Cursor, pageOf, Timestamp } from './common';

/**
 * The operator's ledger API. The shape checks here are the transport's; the ledger validates
 * the values again (and names the leg of a linked batch that is wrong).
 */
const LedgerId = z.string().min(1).max(LEDGER_ID_LENGTH_MAX).regex(ID_PATTERN, "letters, digits, '_', '-', '.' or ':'");
/** What a transfer moves: at least one minor unit (the ledger answers AMOUNT_NOT_POSITIVE to its own callers). */
const AmountMinor = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
const TransferCode = z.union([
  z.int().min(0).max(LEDGER_TRANSFER_CODE_MAX),
  z.string().min(1).max(LEDGER_TRANSFER_CODE_LENGTH_MAX).regex(CODE_TAG_PATTERN, 'a lowercase tag such as purchase'),
]);
const Reference = z.string().min(1).max(LEDGER_REFERENCE_LENGTH_MAX);

export const AccountCreateRequest = z
  .strictObject({
    id: LedgerId.optional(),
    currency: Currency,
    flags: z
      .strictObject({
        debitsMustNotExceedCredits: z.boolean().optional(),
        creditsMustNotExceedDebits: z.boolean().optional(),
      })
      .optional(),
    limitMinor: z
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('overdraft (debit-limited) or credit (credit-limited) allowance; only with one of the flags'),
    balanceShards: z
      .int()
      .min(1)
      .max(LEDGER_BALANCE_SHARDS_MAX)
      .optional()
      .describe('balance shards for an account without a limit flag (a hot account); 1 with a flag'),
    code: TransferCode.optional(),
    reference: Reference.optional(),
  })
  .meta({ id: 'AccountCreateRequest' });

/** A balance in minor units: an integer up to 2^53 − 1 in magnitude, a decimal string beyond (exact). */
const BalanceMinor = z
  .union([z.int(), z.string().regex(/^-?[1-9][0-9]*$/)])
  .describe('minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1');

const BalancesSchema = z.object({
  debitsPosted: BalanceMinor,
  creditsPosted: BalanceMinor,
  debitsPending: BalanceMinor,
  creditsPending: BalanceMinor,
  posted: BalanceMinor,
  pending: BalanceMinor,
  available: BalanceMinor,
});

export const AccountResponse = z
  .object({
    id: z.string(),
    currency: z.string(),
    flags: z.object({ debitsMustNotExceedCredits: z.boolean(), creditsMustNotExceedDebits: z.boolean() }),
    limitMinor: z.int(),
    code: TransferCode.optional(),
    reference: z.string().optional(),
    balanceShards: z.int(),
    createdAt: Timestamp,
    balances: BalancesSchema,
    result: z.enum(['created', 'exists']).optional(),
  })
  .meta({ id: 'Account' });

const TransferCreateLeg = z.strictObject({
  id: LedgerId,
  debitAccountId: LedgerId,
  creditAccountId: LedgerId,
  amountMinor: AmountMinor,
  currency: Currency,
  timeoutSeconds: z
    .int()
    .min(1)
    .max(LEDGER_PENDING_TIMEOUT_SECONDS_MAX)
    .optional()
    .describe('makes the transfer a hold (pending) that expires after this many seconds'),
  code: TransferCode.optional(),
  reference: Reference.optional(),
  effectiveAt: Timestamp.optional(),
  reversesTransferId: LedgerId.optional(),
});

export const TransferCreateRequest = z
  .union([TransferCreateLeg, z.strictObject({ transfers: z.array(TransferCreateLeg).min(1).max(LINKED_TRANSFERS_MAX) })])
  .meta({ id: 'TransferCreateRequest' });

export const TransferResolveRequest = z
  .strictObject({
    id: LedgerId.optional().describe('the id of the posting/voiding transfer; derived from the hold id when absent'),
    amountMinor: AmountMinor.optional().describe('post only: a partial amount; the rest is released'),
    code: TransferCode.optional(),
    reference: Reference.optional(),
  })
  .meta({ id: 'TransferResolveRequest' });

export const TransferVoidRequest = TransferResolveRequest.omit({ amountMinor: true }).meta({ id: 'TransferVoidRequest' });

export const TransferResponse = z
  .object({
    id: z.string(),
    kind: z.enum(['single', 'pending', 'post', 'void', 'expire']),
    debitAccountId: z.string(),
    creditAccountId: z.string(),
    amountMinor: z.int(),
    currency: z.string(),
    code: TransferCode.optional(),
    reference: z.string().optional(),
    effectiveAt: Timestamp,
    recordedAt: Timestamp,
    timeoutSeconds: z.int().optional(),
    expiresAt: Timestamp.optional(),
    state: z.enum(['pending', 'posted', 'voided', 'expired']).optional(),
    resolvedByTransferId: z.string().optional(),
    pendingId: z.string().optional(),
    reversesTransferId: z.string().optional(),
    result: z.enum(['created', 'exists']).optional(),
  })
  .meta({ id: 'Transfer' });

export const LinkedTransfersResponse = z.object({ transfers: z.array(TransferResponse) }).meta({ id: 'LinkedTransfers' });

/** What creating transfers answers: the transfer, or `{ transfers }` for a linked batch. */
export const TransferCreateResponse = z.union([TransferResponse, LinkedTransfersResponse]).meta({ id: 'TransferCreated' });

export const EntriesQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(LEDGER_ENTRIES_PAGE_LIMIT_MAX)
    .default(LEDGER_ENTRIES_PAGE_LIMIT_MAX)
    .describe('Entries per page.'),
  cursor: Cursor.optional(),
});

export const EntryResponse = z
  .object({
    accountId: z.string(),
    transferId: z.string(),
    kind: z.string(),
    side: z.enum(['debit', 'credit']),
    amountMinor: z.int(),
    currency: z.string(),
    recordedAt: Timestamp,
    effectiveAt: Timestamp,
    postedBalanceAfter: BalanceMinor,
    pendingBalanceAfter: BalanceMinor,
  })
  .meta({ id: 'AccountEntry' });

/** A page of an account's history, oldest first. */
export const EntriesResponse = pageOf(EntryResponse, 'AccountEntries');
