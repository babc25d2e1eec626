import { DomainError, type FieldIssue, quoted } from '../../errors';
import type { Evaluation, LedgerSnapshot } from './evaluate';
import type { TransferKind, TransferRecord } from './types';
import { legError, type LegPosition, type NormalizedOperation } from './validation';

/**
 * Step 1 of `evaluateBatch`: idempotency before anything else. An operation whose id is
 * stored is a retry: same fields -> `exists`; a different field -> named; a batch with some
 * legs stored and others not -> LINKED_TRANSFER_FAILED.
 */

const fieldPath = (position: LegPosition, field: string): string =>
  position.linked ? `transfers.${position.index}.${field}` : field;

/** The input fields of an operation that differ from the stored transfer with the same id. */
const differingFields = (operation: NormalizedOperation, stored: TransferRecord, snapshot: LedgerSnapshot): string[] => {
  const differences: string[] = [];
  const expectedKind: TransferKind =
    operation.action === 'create' ? (operation.timeoutSeconds === undefined ? 'single' : 'pending') : operation.action;
  const storedIsCreate = stored.kind === 'single' || stored.kind === 'pending';
  if (stored.kind !== expectedKind && !(operation.action === 'create' && storedIsCreate)) {
    // Another kind (a post with the id of a void or of a created transfer, a create with the id
    // of a post) differs in the id it reuses: the action is the route, not a field the client sent.
    differences.push('id');
    return differences;
  }
  // A hold against a single transfer (or the reverse) differs in timeoutSeconds, compared below
  // with every other field, so that all the differing fields are named.
  const given = (field: string, value: unknown, storedValue: unknown, always: boolean): void => {
    if ((always || value !== undefined) && value !== storedValue) differences.push(field);
  };
  if (operation.action === 'create') {
    given('debitAccountId', operation.debitAccountId, stored.debitAccountId, true);
    given('creditAccountId', operation.creditAccountId, stored.creditAccountId, true);
    given('amountMinor', operation.amountMinor, stored.amountMinor, true);
    given('currency', operation.currency, stored.currency, true);
    given('code', operation.code, stored.code, true);
    given('reference', operation.reference, stored.reference, true);
    given('effectiveAt', operation.effectiveAtMs, stored.effectiveAtMs, false);
    given('timeoutSeconds', operation.timeoutSeconds, stored.timeoutSeconds, true);
    given('reversesTransferId', operation.reversesTransferId, stored.reversesTransferId, true);
    return differences;
  }
  given('pendingId', operation.pendingId, stored.pendingId, true);
  if (operation.action === 'post' && stored.pendingId === operation.pendingId) {
    // An omitted amount means "the whole hold", so compare what it resolves to.
    const requestedMinor = operation.amountMinor ?? snapshot.transfer(operation.pendingId)?.amountMinor;
    given('amountMinor', requestedMinor, stored.amountMinor, false);
  }
  given('code', operation.code, stored.code, false);
  given('reference', operation.reference, stored.reference, false);
  return differences;
};

export const checkIdempotency = (
  operations: readonly NormalizedOperation[],
  snapshot: LedgerSnapshot,
): Evaluation | undefined => {
  const linked = operations.length > 1;
  const stored = operations.map((operation) => snapshot.transfer(operation.id));
  for (const [index, operation] of operations.entries()) {
    const existing = stored[index];
    if (existing === undefined) continue;
    const differences = differingFields(operation, existing, snapshot);
    if (differences.length > 0) {
      const position = { index, linked };
      const reusedId = differences.length === 1 && differences[0] === 'id';
      const issues: FieldIssue[] = differences.map((field) => ({
        field: fieldPath(position, field),
        message: reusedId
          ? `is the id of a stored ${existing.kind} transfer`
          : `differs from the stored transfer ${quoted(operation.id)}`,
      }));
      const what = reusedId
        ? `transfer ${quoted(operation.id)} exists as a ${existing.kind} transfer; use another id`
        : `transfer ${quoted(operation.id)} exists with a different ${differences.join(', ')}`;
      return {
        kind: 'failed',
        error: new DomainError(
          'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
          `${linked ? `transfer ${index} of the linked batch: ` : ''}${what}`,
          issues,
          linked ? { index } : {},
        ),
      };
    }
  }
  const present = stored.filter((transfer): transfer is TransferRecord => transfer !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === operations.length) return { kind: 'exists', transfers: present };
  const index = stored.findIndex((transfer) => transfer !== undefined);
  return {
    kind: 'failed',
    error: legError(
      'LINKED_TRANSFER_FAILED',
      'this transfer already exists but other legs of the batch do not; a linked batch is retried whole, with the same legs',
      { index, linked },
      'id',
    ),
  };
};
