import { z } from 'zod';
import {
  LEDGER_ENTRIES_PAGE_LIMIT_MAX,
  LEDGER_ID_LENGTH_MAX,
  LEDGER_TRANSFER_CODE_LENGTH_MAX,
  LEDGER_TRANSFER_CODE_MAX,
} from '../limits';
import { Currency, Cursor, Timestamp } from './common';

/**
 * The operator's ledger API. The shape checks here are the transport's; the ledger validates
 * the values again (and names the leg of a linked batch that is wrong).
 */
const LedgerId = z
  .string()
  .min(1)
  .max(LEDGER_ID_LENGTH_MAX)
  .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits, '_', '-', '.' or ':'");
const AmountMinor = z.int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const TransferCode = z.union([
  z.int().min(0).max(LEDGER_TRANSFER_CODE_MAX),
  z.string().min(1).max(LEDGER_TRANSFER_CODE_LENGTH_MAX),
]);

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
    limitMinor: AmountMinor.optional().describe('overdraft (debit-limited) or credit (credit-limited) allowance'),
    balanceShards: z.int().optional().describe('balance shards for an account without a limit flag (a hot account)'),
    code: TransferCode.optional(),
    reference: z.string().optional(),
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
  timeoutSeconds: z.int().optional().describe('makes the transfer a hold (pending) that expires after this many seconds'),
  code: TransferCode.optional(),
  reference: z.string().optional(),
  effectiveAt: Timestamp.optional(),
  reversesTransferId: LedgerId.optional(),
});

export const TransferCreateRequest = z
  .union([TransferCreateLeg, z.strictObject({ transfers: z.array(TransferCreateLeg).min(1) })])
  .meta({ id: 'TransferCreateRequest' });

export const TransferResolveRequest = z
  .strictObject({
    id: LedgerId.optional().describe('the id of the posting/voiding transfer; derived from the hold id when absent'),
    amountMinor: AmountMinor.optional().describe('post only: a partial amount; the rest is released'),
    code: TransferCode.optional(),
    reference: z.string().optional(),
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

export const EntriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LEDGER_ENTRIES_PAGE_LIMIT_MAX).optional(),
  cursor: Cursor.optional(),
});

export const EntriesResponse = z
  .object({
    entries: z.array(
      z.object({
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
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'AccountEntries' });
