import { type ErrorCode } from '../../errors';
import { FLOW_PASSED_ON_CODES, HOLD_RESOLUTION_REFUSAL_CODES } from '../../domain/ledger/refusals';
import { flowTransferCodes } from '../../domain/payments/owned-transfers';
import {
  AccountCreateRequest,
  AccountResponse,
  EntriesQuery,
  EntriesResponse,
  TransferCreateRequest,
  TransferCreateResponse,
  TransferResolveRequest,
  TransferResponse,
  TransferVoidRequest,
} from '../ledger';
import { createdOrExisting, getOperation, listOperation, type OperationDoc } from './types';

/** What the ledger answers for transfers (a batch the caller builds) that it cannot apply. */
const TRANSFER_PROBLEMS: readonly ErrorCode[] = [
  'ACCOUNT_NOT_FOUND',
  'TRANSFER_NOT_FOUND',
  'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
  'CURRENCY_MISMATCH',
  'SAME_DEBIT_AND_CREDIT_ACCOUNT',
  'EXCEEDS_CREDITS',
  'EXCEEDS_DEBITS',
  'LINKED_BATCH_DUPLICATE_ID',
  'LINKED_TRANSFER_FAILED',
  'TRANSACTION_CONFLICT',
  'REVERSAL_DOES_NOT_MATCH_ORIGINAL',
  'REVERSAL_AMOUNT_EXCEEDS_ORIGINAL',
  'BALANCE_OVERFLOW',
];

/** What a flow that writes its own transfers (a top-up, a refund) passes on from the ledger (passedOnRefusal). */
export const FLOW_TRANSFER_PROBLEMS: readonly ErrorCode[] = FLOW_PASSED_ON_CODES;

/**
 * What posting or voiding a hold named in the path answers: the ledger's refusals of that one
 * operation (a void takes no amount, so it has no amount refusal), and a hold a kippu flow owns.
 */
const resolveProblems = (action: 'post' | 'void'): readonly ErrorCode[] => [
  ...HOLD_RESOLUTION_REFUSAL_CODES[action],
  'PENDING_TRANSFER_OWNED_BY_FLOW',
];

/** What the operator's transfer writes say about the codes kippu's flows write with. */
const RESERVED_CODES_NOTE = `A code that kippu's own flows write with (${flowTransferCodes().join(', ')}) is refused by the request schema: 422 VALIDATION_FAILED naming code.`;

/** What the post and void say of the hold their path names. */
const HOLD_NOTE =
  'A hold a kippu flow owns is 409 PENDING_TRANSFER_OWNED_BY_FLOW. A refusal about the hold (not found, not a hold, resolved, expired, owned by a flow, or a resolution id stored for another hold) names it as the path does: field id.';

/** The ledger (operators). */
export const ledgerOperations: Readonly<Record<string, OperationDoc>> = {
  accountCreate: {
    summary: 'Create a ledger account; idempotent on its id',
    description:
      'An account limits its debits or its credits, not both; limitMinor needs one of those flags; an account with a flag keeps one balance shard. Else 422 VALIDATION_FAILED naming the field. An id in a namespace kippu derives for parties and the platform (wallet:, carrier:, revenue:, agent-fees:, agent-cash:, platform-fees:, payouts:) is refused by the request schema (422 VALIDATION_FAILED naming id): kippu opens those accounts itself.',
    roles: ['operator'],
    request: AccountCreateRequest,
    example: { id: 'acct-wallet-1', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } },
    idempotencyKey: 'optional',
    responses: createdOrExisting(AccountResponse, 'Created.', 'An account with this id and these fields exists.', {
      location: '/v1/accounts/{id}',
    }),
    problems: ['ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS', 'TRANSACTION_CONFLICT'],
  },
  accountGet: getOperation(
    'An account with its balances',
    ['operator'],
    { description: 'The account.', schema: AccountResponse },
    'ACCOUNT_NOT_FOUND',
  ),
  accountEntriesList: listOperation({
    summary: "An account's history in time order with the running balance after each entry",
    roles: ['operator'],
    query: EntriesQuery,
    page: { description: 'A page of entries; pass nextCursor as cursor for the next.', schema: EntriesResponse },
    problems: ['ACCOUNT_NOT_FOUND'],
  }),
  transferCreate: {
    summary: 'A transfer (a hold with timeoutSeconds), or linked transfers that all commit or none does',
    description:
      'A reversal (reversesTransferId) of a transfer that a kippu flow wrote (a purchase, a reservation, billing or a top-up, known by its code) is 409 TRANSFER_OWNED_BY_FLOW naming the flow: that money is corrected through its flow. A reversal of an operator transfer, or of its reversal, goes through. ' +
      RESERVED_CODES_NOTE,
    roles: ['operator'],
    request: TransferCreateRequest,
    example: { id: 'trf-1', debitAccountId: 'acct-a', creditAccountId: 'acct-b', amountMinor: 500, currency: 'JPY' },
    idempotencyKey: 'optional',
    responses: createdOrExisting(
      TransferCreateResponse,
      'Created: a single transfer, or { transfers } for a linked batch (Location: the transfer, or the first of the batch).',
      'Every transfer exists with these fields.',
      { location: '/v1/transfers/{id}' },
    ),
    problems: [...TRANSFER_PROBLEMS, 'TRANSFER_OWNED_BY_FLOW'],
  },
  transferGet: getOperation(
    'A transfer',
    ['operator'],
    { description: 'The transfer.', schema: TransferResponse },
    'TRANSFER_NOT_FOUND',
  ),
  transferPost: {
    summary: 'Post a hold, in full or in part (the rest is released)',
    description: `${HOLD_NOTE} ${RESERVED_CODES_NOTE}`,
    roles: ['operator'],
    request: TransferResolveRequest,
    idempotencyKey: 'optional',
    responses: createdOrExisting(TransferResponse, 'The posting transfer.', 'This posting exists already.', {
      location: '/v1/transfers/{id}',
    }),
    problems: resolveProblems('post'),
  },
  transferVoid: {
    summary: 'Void a hold',
    description: `${HOLD_NOTE} ${RESERVED_CODES_NOTE}`,
    roles: ['operator'],
    request: TransferVoidRequest,
    idempotencyKey: 'optional',
    responses: createdOrExisting(TransferResponse, 'The voiding transfer.', 'This void exists already.', {
      location: '/v1/transfers/{id}',
    }),
    problems: resolveProblems('void'),
  },
};
