import { remittanceDeps } from '../../shared/adapters/aws/billing-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { RemittanceQuery } from '../../shared/api/billing';
import { sha256Hex } from '../../shared/domain/billing/documents';
import { importRemittance, remittanceView, type RemittanceDeps } from '../../shared/domain/billing/remittance';
import { DomainError } from '../../shared/errors';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { respondIdempotently, type ApiIdempotencyDeps } from '../../shared/http/idempotent';
import { apiHandler } from '../../shared/http/middleware';
import { header, idempotencyKey, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type RemittanceImportDeps = BaseDeps & ApiIdempotencyDeps & { readonly remittance: RemittanceDeps };

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
 * report (CSV) for a completed run; 201 with the differences, 200 when the same report was
 * imported before.
 */
export const makeHandler = (deps: RemittanceImportDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const runId = pathParameter(event, 'id');
    const { agentId } = parseQuery(RemittanceQuery, event);
    const csv = csvBody(event);
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, { runId, agentId, csvSha256: sha256Hex(csv) }, async () => {
      const { record, replayed } = await importRemittance(deps.remittance, principal, { runId, agentId, csv });
      return json(replayed ? 200 : 201, remittanceView(record));
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    remittance: remittanceDeps(env),
  });
});
