import { servedDocket, type DocketReadDeps } from '../domain/purchases/docket';
import type { PurchaseStore } from '../domain/purchases/ports';

export type PurchaseReplayDeps = Omit<DocketReadDeps, 'purchases'> & {
  readonly purchases: Pick<PurchaseStore, 'get' | 'replaceDocket'>;
};

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A replayed answer that carries a purchase (`POST /v1/purchases`, `POST
 * /v1/purchases/{id}/refund`) serves its docket as every GET of the purchase does: the stored
 * answer as it was, member for member, but with `settlement.docket` the docket served now
 * (servedDocket: a docket whose delegated key is leaving the JWK Set is signed again by the root
 * key once, stored, and answered from then on), so a replay never hands out a docket no library
 * verifies anymore. Cost: an answer that carries no docket is replayed with no read; one that
 * does reads the purchase (one GetItem) and what serving its docket reads (servedDocket).
 */
export const replayServingDocket =
  (deps: PurchaseReplayDeps) =>
  async (stored: Readonly<Record<string, unknown>>): Promise<Readonly<Record<string, unknown>>> => {
    const { id, settlement } = stored;
    if (typeof id !== 'string' || !isObject(settlement) || typeof settlement['docket'] !== 'string') return stored;
    const purchase = await deps.purchases.get(id);
    if (purchase?.settlement === undefined) return stored;
    const { token } = await servedDocket(deps, purchase);
    return { ...stored, settlement: { ...settlement, docket: token } };
  };
