import { assert } from '../errors';
import { billingOperations } from './operations/billing';
import { identityOperations } from './operations/identity';
import { ledgerOperations } from './operations/ledger';
import { partiesOperations } from './operations/parties';
import { purchasesOperations } from './operations/purchases';
import { reservationsOperations } from './operations/reservations';
import { rightsOperations } from './operations/rights';
import type { OperationDoc } from './operations/types';

export type { OperationDoc } from './operations/types';

/**
 * The HTTP operations, one entry per routed function (a unit test checks that every route
 * has one). The OpenAPI document (`shared/http/openapi.ts`) is built from these entries and
 * the handlers validate with the very same zod schemas, so the document cannot drift.
 *
 * Adding an operation is a local edit: a route in `shared/resources/routes.ts`, a function in
 * `shared/resources/functions.ts`, and an entry in its area's file under `shared/api/operations/`:
 *
 *   widgetList: {
 *     summary: 'List my widgets, newest first',
 *     roles: ['customer', 'operator'],      // who may call it ([] = public, no token)
 *     query: WidgetListQuery,               // a z.strictObject; the handler parses it with parseQuery(WidgetListQuery, event)
 *     request: WidgetCreateRequest,         // the JSON body; the handler parses it with parseJsonBody(WidgetCreateRequest, event)
 *     idempotencyKey: 'optional',           // 'required' | 'optional'; absent: the header is not read
 *     responses: { 200: { description: 'A page of widgets.', schema: WidgetListResponse } },
 *     problems: ['WIDGET_NOT_FOUND'],       // the codes its own logic answers
 *   },
 *
 * Path parameters come from the route (`{id}` → PathId). Lists answer `pageOf(Item, 'Id')`
 * (`{ items, nextCursor }`) and take `limit` and `cursor` (the `Cursor` schema). The problem
 * codes that the transport adds are derived, not listed: authentication and role checks
 * (non-public operations), the body checks (with `request`), query validation (with
 * `query`), the Idempotency-Key checks (with `idempotencyKey`) and the 500.
 */
/** Keyed by operation id: the function id, or the route's `operationId` when one function serves several. */
const operations: Readonly<Record<string, OperationDoc>> = {
  ...purchasesOperations,
  ...ledgerOperations,
  ...partiesOperations,
  ...reservationsOperations,
  ...identityOperations,
  ...billingOperations,
  ...rightsOperations,
};

export const operationFor = (operationId: string): OperationDoc => {
  const operation = operations[operationId];
  assert(operation !== undefined, `route operation ${operationId} has no operation entry`);
  return operation;
};
