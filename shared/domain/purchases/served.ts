import type { DelegatedKeyRecord } from '../signing/ports';
import type { JwsSigner } from '../tickets/ports';
import { servedDocket, type DocketReadDeps } from './docket';
import type { PurchaseRecord, ServedPurchase } from './purchase';

/**
 * Purchases as kippu answers them (GET /v1/purchases/{id}, GET /v1/purchases, the answers of
 * POST /v1/purchases and of a refund): a settled purchase's `settlement.docket` is the docket
 * GET /v1/purchases/{id}/docket serves (servedDocket, docs/signing.md "Dockets after their
 * key"), never the stored token of a key about to leave the JWK Set. Whichever route reads a
 * stale docket first signs it again with the root key, once (the first stored replacement is
 * kept), and every answer afterwards carries the stored replacement with no KMS call.
 *
 * What a read costs: nothing more for a purchase that is not settled, or whose docket the
 * current root key signed (a docket read late, or signed again after a rotation, already). For
 * the other dockets of one answer, one GetItem per distinct key that signed them (a delegated
 * key signs a window's dockets: at most one per window in a page), shared by the page; and
 * for each docket whose key is leaving the set, once ever, one KMS Sign and one conditional
 * write, at most SIGNED_AT_ONCE Signs in flight. A page of 100 stale dockets costs 100 Signs and 100
 * writes on its first read, none on the next.
 */

/** How many dockets of one answer are signed again at the same time (KMS Sign requests in flight). */
export const SIGNED_AT_ONCE = 8;

/** The delegated keys for one answer: each key read once, however many of its dockets the answer holds. */
const readOnce = (keys: DocketReadDeps['keys']): DocketReadDeps['keys'] => {
  const found = new Map<string, Promise<DelegatedKeyRecord | undefined>>();
  const listed = new Map<string, Promise<readonly DelegatedKeyRecord[]>>();
  let longestLife: Promise<number> | undefined;
  const once = <Value>(memo: Map<string, Promise<Value>>, key: string, read: () => Promise<Value>): Promise<Value> => {
    const known = memo.get(key) ?? read();
    memo.set(key, known);
    return known;
  };
  return {
    get: (keyId) => once(found, keyId, () => keys.get(keyId)),
    list: (from, to) => once(listed, `${from}:${to}`, () => keys.list(from, to)),
    longestLife: () => (longestLife ??= keys.longestLife()),
  };
};

/** The purchase with its docket as served (a purchase not settled is served as it is). */
const served = async (deps: DocketReadDeps, purchase: PurchaseRecord): Promise<ServedPurchase> => {
  if (purchase.settlement === undefined) return purchase as ServedPurchase;
  const { token } = await servedDocket(deps, purchase);
  return { ...purchase, settlement: { ...purchase.settlement, docket: token } } as ServedPurchase;
};

/** The root signer for one answer: at most `width` of its Sign requests in flight, the others queued. */
const signingAtMost = (signer: JwsSigner, width: number): JwsSigner => {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) running -= 1;
    else next();
  };
  return {
    keyId: () => signer.keyId(),
    sign: async (input) => {
      if (running < width) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await signer.sign(input);
      } finally {
        release();
      }
    },
  };
};

/** These purchases as answered, in the same order: every docket among them as servedDocket serves it. */
export const servedPurchases = async (deps: DocketReadDeps, purchases: readonly PurchaseRecord[]): Promise<ServedPurchase[]> => {
  const shared = { ...deps, keys: readOnce(deps.keys), rootSigner: signingAtMost(deps.rootSigner, SIGNED_AT_ONCE) };
  return Promise.all(purchases.map((purchase) => served(shared, purchase)));
};

/** One purchase as answered. */
export const servedPurchase = async (deps: DocketReadDeps, purchase: PurchaseRecord): Promise<ServedPurchase> =>
  served({ ...deps, keys: readOnce(deps.keys) }, purchase);
