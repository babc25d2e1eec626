import { remittanceDeps, remittanceReadDeps } from '../../shared/adapters/aws/billing-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { RemittanceQuery } from '../../shared/api/billing';
import { sha256Hex } from '../../shared/domain/billing/documents';
import {
  importRemittance,
  readRemittance,
  remittanceView,
  type RemittanceImportDeps,
  type RemittanceReadDeps,
} from '../../shared/domain/billing/remittance';
import { DomainError } from '../../shared/errors';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently, type ApiIdempotencyDeps } from '../../shared/http/idempotent';
import { apiHandler } from '../../shared/http/middleware';
import { header, idempotencyKey, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type RemittanceImportHandlerDeps = BaseDeps &
  ApiIdempotencyDeps & { readonly remittance: RemittanceImportDeps; readonly remittanceRead: RemittanceReadDeps };

const CSV_MEDIA_TYPES = new Set(['text/csv', 'application/csv']);

const csvBody = (event: Parameters<Parameters<typeof apiHandler>[1]>[0]): string => {
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!CSV_MEDIA_TYPES.has(mediaType)) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the remittance report as text/csv (got ${mediaType === '' ? 'no content type' : mediaType}).`,
    );
  }
  if (event.body === null || event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

/**
 * POST /v1/billing-runs/{id}/remittances?agentId=: an operator imports a carrier's remittance
 * report (CSV) for a completed run; 202 with the import (the billing worker posts its
 * differences), 200 with the import as it stands when the same report was imported before.
 * A replay under an Idempotency-Key answers the import as it stands now, whichever answer the
 * key stored first (the 202 that created the import, or the 200 of the same report sent again
 * meanwhile): 202 while it is importing, 200 once completed (the stored answer is its summary only).
 */
export const makeHandler = (deps: RemittanceImportHandlerDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const runId = pathParameter(event, 'id');
    const { agentId } = parseQuery(RemittanceQuery, event);
    const csv = csvBody(event);
    const key = idempotencyKey(event, false);
    const location = { location: `/v1/billing-runs/${runId}/remittances/${agentId}` };
    const answer = await respondIdempotently(
      deps,
      event,
      principal,
      key,
      { runId, agentId, csvSha256: sha256Hex(csv) },
      async () => {
        const { record, created } = await importRemittance(deps.remittance, principal, { runId, agentId, csv });
        return json(created ? 202 : 200, remittanceView(record), location);
      },
    );
    const imported = answer.statusCode === 202 || answer.statusCode === 200;
    if (!imported || answer.headers?.['idempotent-replayed'] !== 'true') return answer;
    const record = await readRemittance(deps.remittanceRead, principal, { runId, agentId });
    return json(record.status === 'completed' ? 200 : 202, remittanceView(record), {
      ...location,
      'idempotent-replayed': 'true',
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    remittance: remittanceDeps(env),
    remittanceRead: remittanceReadDeps(env),
  });
});
