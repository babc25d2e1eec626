import * as z from '../zod';
import { CLIENT_TRANSFER_ID_PATTERN, KIPPU_TRANSFER_ID_PREFIX } from '../domain/ledger/keys';
import { CODE_TAG_PATTERN, ID_PATTERN } from '../domain/ledger/validation';
import { DERIVED_ACCOUNT_KINDS } from '../domain/parties/accounts';
import { flowTransferCodes } from '../domain/payments/owned-transfers';
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
import { AmountMinor, Currency, Instant, pageOf, pageQuery, Timestamp, VisibleText } from './common';

/**
 * The operator's ledger API. The shape checks here are the transport's; the ledger validates
 * the values again (and names the leg of a linked batch that is wrong).
 */
const LedgerId = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(z.minLength(1), z.maxLength(LEDGER_ID_LENGTH_MAX), z.regex(ID_PATTERN, "letters, digits, '_', '-', '.' or ':'")),
);
/** What a transfer moves (AmountMinor: 1 to 2^53 − 1, the largest integer a JSON number carries exactly; balances beyond it are answered as strings). */
const AMOUNT_DESCRIPTION =
  'minor units, 1 to 2^53 − 1 (the largest integer a JSON number carries exactly); a literal with a fractional part is refused, never rounded';
const TransferCodeNumber = /* @__PURE__ */ z.schema(() => z.int().check(z.gte(0), z.lte(LEDGER_TRANSFER_CODE_MAX)));
const TransferCodeTag = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(LEDGER_TRANSFER_CODE_LENGTH_MAX),
      z.regex(CODE_TAG_PATTERN, 'a lowercase tag such as purchase'),
    ),
);
const TransferCode = /* @__PURE__ */ z.schema(() => z.union([TransferCodeNumber, TransferCodeTag]));
/**
 * What the operator may name an account or code a transfer with: not an id in a namespace kippu
 * derives for its parties and the platform (an account opened there by hand with other fields
 * would lock its party out of the currency: docs/ledger.md), and not a code kippu's flows write
 * with (the transfer would count as the flow's). Part of the schema, so the OpenAPI document
 * says what is accepted.
 */
const OperatorAccountId = /* @__PURE__ */ z.schema(() =>
  LedgerId.check(
    z.regex(
      new RegExp(`^(?!(?:${DERIVED_ACCOUNT_KINDS.join('|')}):)`),
      `outside the namespaces kippu derives for its parties and the platform (${DERIVED_ACCOUNT_KINDS.map((kind) => `${kind}:`).join(', ')})`,
    ),
  ),
);
/**
 * What the operator may name a transfer (or a posting/void) with: not an id in the namespace
 * kippu derives its own transfer ids in (`trf_…`), which could be the id a flow or the expiry
 * sweeper writes next and would block that write for good (docs/ledger.md).
 */
const OperatorTransferId = /* @__PURE__ */ z.schema(() =>
  LedgerId.check(
    z.regex(
      CLIENT_TRANSFER_ID_PATTERN,
      `not starting with ${KIPPU_TRANSFER_ID_PREFIX}: that prefix is kippu's own, for the transfer ids it derives`,
    ),
  ),
);
const OperatorTransferCode = /* @__PURE__ */ z.schema(() => {
  const reserved = flowTransferCodes();
  return z.union([
    TransferCodeNumber,
    TransferCodeTag.check(
      z.regex(new RegExp(`^(?!(?:${reserved.join('|')})$)`), `not a code kippu's own flows write with (${reserved.join(', ')})`),
    ),
  ]);
});
const Reference = /* @__PURE__ */ z.schema(() => VisibleText(LEDGER_REFERENCE_LENGTH_MAX));

export const AccountCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      id: z.optional(OperatorAccountId),
      currency: Currency,
      flags: z.optional(
        z.strictObject({
          debitsMustNotExceedCredits: z.optional(z.boolean()),
          creditsMustNotExceedDebits: z.optional(z.boolean()),
        }),
      ),
      limitMinor: z
        .optional(z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)))
        .check(
          z.describe(
            'overdraft (debit-limited) or credit (credit-limited) allowance in minor units, at most 2^53 − 1; only with one of the flags; 0 when omitted',
          ),
        ),
      balanceShards: z
        .optional(z.int().check(z.gte(1), z.lte(LEDGER_BALANCE_SHARDS_MAX)))
        .check(
          z.describe(
            "balance shards for an account without a limit flag (a hot account); 1 with a flag; the ledger's default when omitted (a replay compares it so)",
          ),
        ),
      code: z.optional(TransferCode),
      reference: z.optional(Reference),
    })
    .check(z.meta({ id: 'AccountCreateRequest' })),
);

/** A balance in minor units: an integer up to 2^53 − 1 in magnitude, a decimal string beyond (exact). */
const BalanceMinor = /* @__PURE__ */ z.schema(() =>
  z
    .union([z.int(), z.string().check(z.regex(/^-?[1-9][0-9]*$/))])
    .check(z.describe('minor units: an integer, or a decimal string when its magnitude passes 2^53 − 1')),
);

const BalancesSchema = /* @__PURE__ */ z.schema(() =>
  z.object({
    debitsPosted: BalanceMinor,
    creditsPosted: BalanceMinor,
    debitsPending: BalanceMinor,
    creditsPending: BalanceMinor,
    posted: BalanceMinor,
    pending: BalanceMinor,
    available: BalanceMinor,
  }),
);

/**
 * An account without its document id, for what extends it (shared/api/parties.ts): an
 * extension keeps the checks of what it extends, the `z.meta` id included.
 */
export const AccountShape = /* @__PURE__ */ z.schema(() =>
  z.object({
    id: z.string(),
    currency: z.string(),
    flags: z.object({ debitsMustNotExceedCredits: z.boolean(), creditsMustNotExceedDebits: z.boolean() }),
    limitMinor: z.int(),
    code: z.optional(TransferCode),
    reference: z.optional(z.string()),
    balanceShards: z.int(),
    createdAt: Timestamp,
    balances: BalancesSchema,
    result: z.optional(z.enum(['created', 'exists'])),
  }),
);

export const AccountResponse = /* @__PURE__ */ z.schema(() => AccountShape.check(z.meta({ id: 'Account' })));

const TransferCreateLeg = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    id: OperatorTransferId.check(
      z.describe(
        `the transfer's id, its idempotency key; not starting with ${KIPPU_TRANSFER_ID_PREFIX}, the prefix of the ids kippu derives`,
      ),
    ),
    debitAccountId: LedgerId,
    creditAccountId: LedgerId,
    amountMinor: AmountMinor.check(z.describe(AMOUNT_DESCRIPTION)),
    currency: Currency,
    timeoutSeconds: z
      .optional(z.int().check(z.gte(1), z.lte(LEDGER_PENDING_TIMEOUT_SECONDS_MAX)))
      .check(
        z.describe(
          'makes the transfer a hold (pending) that expires after this many seconds; not with reversesTransferId (422 VALIDATION_FAILED naming timeoutSeconds)',
        ),
      ),
    code: z.optional(OperatorTransferCode),
    reference: z.optional(Reference),
    effectiveAt: z.optional(Instant),
    reversesTransferId: z
      .optional(LedgerId)
      .check(
        z.describe(
          'makes the transfer a reversal of this posted transfer: the accounts swapped, at most what is left of its amount, moved at once (never a hold)',
        ),
      ),
  }),
);

export const TransferCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .union([
      TransferCreateLeg,
      z.strictObject({ transfers: z.array(TransferCreateLeg).check(z.minLength(1), z.maxLength(LINKED_TRANSFERS_MAX)) }),
    ])
    .check(z.meta({ id: 'TransferCreateRequest' })),
);

/* Without its document id: the void request omits from it, and an object with checks (`z.meta` is one) cannot be omitted from. */
const TransferResolveShape = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    id: z
      .optional(OperatorTransferId)
      .check(
        z.describe(
          `the id of the posting/voiding transfer; derived from the hold id when absent (a ${KIPPU_TRANSFER_ID_PREFIX}… id is kippu's own and refused)`,
        ),
      ),
    amountMinor: z
      .optional(AmountMinor)
      .check(z.describe('post only: a partial amount (1 to 2^53 − 1 minor units); the rest is released')),
    code: z.optional(OperatorTransferCode),
    reference: z.optional(Reference),
  }),
);

export const TransferResolveRequest = /* @__PURE__ */ z.schema(() =>
  TransferResolveShape.check(z.meta({ id: 'TransferResolveRequest' })),
);

export const TransferVoidRequest = /* @__PURE__ */ z.schema(() =>
  z.omit(TransferResolveShape, { amountMinor: true }).check(z.meta({ id: 'TransferVoidRequest' })),
);

export const TransferResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      kind: z.enum(['single', 'pending', 'post', 'void', 'expire']),
      debitAccountId: z.string(),
      creditAccountId: z.string(),
      amountMinor: z.int(),
      currency: z.string(),
      code: z.optional(TransferCode),
      reference: z.optional(z.string()),
      effectiveAt: Timestamp,
      recordedAt: Timestamp,
      timeoutSeconds: z.optional(z.int()),
      expiresAt: z.optional(Timestamp),
      state: z
        .optional(z.enum(['pending', 'posted', 'voided', 'expired']))
        .check(
          z.describe(
            'A hold only. Past its expiresAt a hold reads expired, also before the sweeper records the expiry (resolvedByTransferId is set once it has).',
          ),
        ),
      resolvedByTransferId: z.optional(z.string()),
      pendingId: z.optional(z.string()),
      reversesTransferId: z.optional(z.string()),
      result: z.optional(z.enum(['created', 'exists'])),
    })
    .check(z.meta({ id: 'Transfer' })),
);

export const LinkedTransfersResponse = /* @__PURE__ */ z.schema(() =>
  z.object({ transfers: z.array(TransferResponse) }).check(z.meta({ id: 'LinkedTransfers' })),
);

/** What creating transfers answers: the transfer, or `{ transfers }` for a linked batch. */
export const TransferCreateResponse = /* @__PURE__ */ z.schema(() =>
  z.union([TransferResponse, LinkedTransfersResponse]).check(z.meta({ id: 'TransferCreated' })),
);

export const EntriesQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    ...pageQuery(LEDGER_ENTRIES_PAGE_LIMIT_MAX, LEDGER_ENTRIES_PAGE_LIMIT_MAX, 'Entries per page.'),
  }),
);

export const EntryResponse = /* @__PURE__ */ z.schema(() =>
  z
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
    .check(z.meta({ id: 'AccountEntry' })),
);

/** A page of an account's history, oldest first. */
export const EntriesResponse = /* @__PURE__ */ z.schema(() => pageOf(EntryResponse, 'AccountEntries'));
