import { remittanceReadDeps } from '../../shared/adapters/aws/billing-wiring';
import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { RemittanceDifferenceListQuery } from '../../shared/api/billing';
import {
  listRemittanceDifferences,
  readRemittance,
  remittanceView,
  type RemittanceReadDeps,
} from '../../shared/domain/billing/remittance';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { operationOf, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type RemittanceGetDeps = BaseDeps & ListDeps & { readonly remittance: RemittanceReadDeps };

/**
 * GET /v1/billing-runs/{id}/remittances/{agentId} (the import: state, counts, totals) and
 * GET …/{agentId}/differences (its differences, a page at a time): operators, one function.
 */
export const makeHandler = (deps: RemittanceGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const runId = pathParameter(event, 'id');
    const agentId = pathParameter(event, 'agentId');
    if (operationOf(event) === 'billingRemittanceDifferenceList') {
      const query = parseQuery(RemittanceDifferenceListQuery, event);
      const page = await listPage(deps, event, principal, (position) =>
        listRemittanceDifferences(deps.remittance, principal, {
          runId,
          agentId,
          limit: query.limit,
          ...(position === undefined ? {} : { cursor: position }),
        }),
      );
      return json(200, page);
    }
    return json(200, remittanceView(await readRemittance(deps.remittance, principal, { runId, agentId })));
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...baseDeps(env),
    remittance: remittanceReadDeps(env),
    listCursors: kmsListCursorKey(env),
  }),
);
