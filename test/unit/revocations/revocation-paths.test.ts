import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { LocalKeyJwsSigner, MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { settlePurchase } from '../../../shared/domain/purchases/settle';
import { cancelReservation } from '../../../shared/domain/reservations/cancel';
import { createChannel } from '../../../shared/domain/reservations/channels';
import { createReservation } from '../../../shared/domain/reservations/booking';
import { reportFailure } from '../../../shared/domain/reservations/failure';
import { reconfirmReservation } from '../../../shared/domain/reservations/reconfirm';
import { sweepCompletions } from '../../../shared/domain/reservations/sweeps';
import { admitViewer, releaseViewer } from '../../../shared/domain/reservations/viewers';
import { REVOCATIONS_TYPE, signedRevocationList, type SignedListDeps } from '../../../shared/domain/revocations/revocations';
import { HOLD_TIMEOUT_SECONDS, makeWorld, WORLD_ISSUER, type World } from '../../fixtures/purchases-world';
import {
  alignedStart,
  booking,
  customer,
  makeMemoryDeps,
  openAccounts,
  provider,
  TEST_ISSUER,
} from '../../fixtures/reservations';

/**
 * One revocation path: every way a ticket ends goes through `revokeTicket`, which marks the
 * ticket record revoked AND appends it to the provider's signed revocation list. The first
 * test holds the shape (nothing else calls `TicketStore.revoke`); the others walk each
 * revoking path and read the result the way a verifier does: the signed list, verified.
 */
const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
const SOURCE_FOLDERS = ['shared', 'functions', 'scripts', 'infra', 'bin', 'bench', 'packages'];

const sourceFiles = async (folder: string): Promise<string[]> => {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.includes('node_modules') && !path.includes('/dist/'));
};

/** The ticket ids on a provider's signed list, page after page, each page verified like a verifier would. */
const signedListIds = async (deps: SignedListDeps & { signer: LocalKeyJwsSigner }, issuer: string, providerId: string) => {
  const jwks = createLocalJWKSet({ keys: [await deps.signer.publicJwk()] });
  const ids: string[] = [];
  for (let since = 0, more = true; more;) {
    const page = await signedRevocationList(deps, providerId, since);
    const { payload } = await jwtVerify(page.token, jwks, {
      issuer,
      audience: providerId,
      typ: REVOCATIONS_TYPE,
      algorithms: ['ES256'],
      currentDate: new Date(deps.clock.now()),
    });
    ids.push(...(payload.revoked as { jti: string }[]).map((entry) => entry.jti));
    since = page.version;
    more = page.more;
  }
  return ids;
};

describe('the one revocation path', () => {
  it('nothing but revokeTicket calls TicketStore.revoke', async () => {
    // Prepare
    const files = (await Promise.all(SOURCE_FOLDERS.map((folder) => sourceFiles(join(REPOSITORY_ROOT, folder))))).flat();

    // Act
    const callers: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const calls = text.match(/\.revoke\s*\(/g) ?? [];
      for (let index = 0; index < calls.length; index += 1) callers.push(relative(REPOSITORY_ROOT, file));
    }

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(callers).toEqual(['shared/domain/revocations/revocations.ts']);
  });
});

describe('every purchase path that revokes a ticket lists it on the provider signed list', () => {
  /** A wallet customer who bought a 1,000 JPY offer of an untrusted provider. */
  const bought = async (world: World) => {
    const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
    const kiosk = await world.agent(300);
    const buyer = await world.customer();
    await world.topUp(buyer.id, kiosk.id, 5_000);
    const offer = await world.offer(provider.id, 1_000);
    return { provider, buyer, offer };
  };
  const expectRevokedAndListed = async (world: World, providerId: string, ticketId: string) => {
    expect((await world.ticketStore.get(ticketId))?.status).toBe('revoked');
    const listDeps = { ...world.listDeps, signer: world.signer as LocalKeyJwsSigner };
    expect(await signedListIds(listDeps, WORLD_ISSUER, providerId)).toEqual([ticketId]);
  };

  it('a refund', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, buyer, offer } = await bought(world);
    const { purchase } = await world.buy(buyer.id, { offerId: offer.id });
    await world.deliverAll();

    // Act
    await refundPurchase(world.refundDeps, world.operator, purchase.id);

    // Assess
    await expectRevokedAndListed(world, provider.id, purchase.ticketId);
  });

  it('a settlement rejection (the hold expired)', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, buyer, offer } = await bought(world);
    const { purchase } = await world.buy(buyer.id, { offerId: offer.id });
    world.clock.advanceSeconds(HOLD_TIMEOUT_SECONDS + 1);

    // Act
    await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    await expectRevokedAndListed(world, provider.id, purchase.ticketId);
  });

  it('a ticket issued after its purchase was refunded', async () => {
    // Prepare: the refund runs just before the ticket is written (ordered by a hook on the ticket store).
    const world = makeWorld();
    const { provider, buyer, offer } = await bought(world);
    const { deps, refunded } = world.refundBeforeTicket();

    // Act
    const { purchase } = await createPurchase(deps, { role: 'customer', subject: buyer.id }, { offerId: offer.id }, 'key-late');

    // Assess
    expect([refunded(), purchase.status]).toEqual([true, 'refunded']);
    await expectRevokedAndListed(world, provider.id, purchase.ticketId);
  });
});

describe('every reservation path that revokes a ticket lists it on the provider signed list', () => {
  const PROVIDER = provider('prov-revoke');

  /** A confirmed show with two seated viewers. */
  const showWithViewers = async () => {
    const fixture = makeMemoryDeps();
    await openAccounts(fixture.deps, {
      providerId: PROVIDER.subject,
      customers: [{ id: 'alice', fundMinor: 10_000 }, { id: 'v1' }, { id: 'v2' }],
    });
    const channel = await createChannel(fixture.deps, PROVIDER, 'chn_revoke', {
      name: 'revoke',
      capacity: 5,
      bandwidthKbps: 1_000,
      feePerSlotMinor: 100,
      currency: 'JPY',
    });
    const show = await createReservation(
      fixture.deps,
      customer('alice'),
      'rsv_revoke',
      booking(channel.id, alignedStart(fixture.clock.now(), 24)),
    );
    const { ticket: broadcaster } = await reconfirmReservation(fixture.deps, customer('alice'), show.id);
    const viewers = [
      await admitViewer(fixture.deps, customer('v1'), show.id, 'tkt_revoke_v1', undefined),
      await admitViewer(fixture.deps, customer('v2'), show.id, 'tkt_revoke_v2', undefined),
    ];
    const listed = () =>
      signedListIds({ ...fixture.deps, signer: fixture.signer, issuer: TEST_ISSUER }, TEST_ISSUER, PROVIDER.subject);
    const expectRevoked = async (ticketIds: readonly string[]) => {
      for (const ticketId of ticketIds) expect((await fixture.ticketStore.get(ticketId))?.status).toBe('revoked');
      expect([...(await listed())].sort()).toEqual([...ticketIds].sort());
    };
    return {
      ...fixture,
      show,
      broadcaster,
      viewers,
      allTickets: [broadcaster.id, ...viewers.map((viewer) => viewer.id)],
      expectRevoked,
    };
  };

  it('a cancel after reconfirmation: the broadcaster and every viewer', async () => {
    // Prepare
    const { deps, show, allTickets, expectRevoked } = await showWithViewers();

    // Act
    await cancelReservation(deps, customer('alice'), show.id);

    // Assess
    await expectRevoked(allTickets);
  });

  it('a failure outcome: the broadcaster and every viewer', async () => {
    // Prepare
    const { deps, show, allTickets, expectRevoked } = await showWithViewers();

    // Act
    await reportFailure(deps, PROVIDER, show.id, 'encoder down');

    // Assess
    await expectRevoked(allTickets);
  });

  it('the completion job finishing a cancelled show whose ticket step crashed', async () => {
    // Prepare
    const { deps, clock, revocations, show, allTickets, expectRevoked } = await showWithViewers();
    // Fault injection: the list refuses the first append, so the cancel stops in its ticket step.
    const append = revocations.append.bind(revocations);
    let crashed = false;
    revocations.append = async (entry) => {
      if (crashed) return append(entry);
      crashed = true;
      throw new Error('injected crash in the ticket step');
    };
    await expect(cancelReservation(deps, customer('alice'), show.id)).rejects.toThrow('injected crash');
    clock.advanceSeconds(60);

    // Act
    await sweepCompletions(deps);

    // Assess
    await expectRevoked(allTickets);
  });

  it('a ticket never reads revoked while its list lacks it: a list that fails leaves the records active', async () => {
    // Prepare
    const { deps, revocations, ticketStore, show, allTickets } = await showWithViewers();
    // Fault injection: every append fails (a list that stayed contended).
    revocations.append = async () => {
      throw new Error('injected list outage');
    };

    // Act
    await expect(cancelReservation(deps, customer('alice'), show.id)).rejects.toThrow('injected list outage');

    // Assess
    for (const ticketId of allTickets) expect((await ticketStore.get(ticketId))?.status).toBe('active');
  });

  it('a crash between the list and the records: listed but active, and the completion job marks them, listing each once', async () => {
    // Prepare
    const { deps, clock, ticketStore, signer, show, allTickets, expectRevoked } = await showWithViewers();
    const listed = () => signedListIds({ ...deps, signer, issuer: TEST_ISSUER }, TEST_ISSUER, PROVIDER.subject);
    // Fault injection: the first record write crashes, after the tickets were appended to the list.
    const revoke = ticketStore.revoke.bind(ticketStore);
    let crashed = false;
    ticketStore.revoke = async (id, at) => {
      if (crashed) return revoke(id, at);
      crashed = true;
      throw new Error('injected crash between the list and the records');
    };
    await expect(cancelReservation(deps, customer('alice'), show.id)).rejects.toThrow('injected crash');
    const listedAfterCrash = await listed();
    clock.advanceSeconds(60);

    // Act
    await sweepCompletions(deps);

    // Assess
    expect([...listedAfterCrash].sort()).toEqual([...allTickets].sort());
    await expectRevoked(allTickets);
  });

  it('a viewer leaving', async () => {
    // Prepare
    const { deps, show, viewers, expectRevoked } = await showWithViewers();
    const leaving = viewers[0]?.id ?? '';

    // Act
    await releaseViewer(deps, customer('v1'), show.id, leaving);

    // Assess
    await expectRevoked([leaving]);
  });

  it('a viewer ticket issued after its show was cancelled', async () => {
    // Prepare: the cancel runs between the seat and the ticket (ordered by a hook on the ticket store).
    const fixture = await showWithViewers();
    let cancelled = false;
    const orderedTicketStore = Object.create(fixture.ticketStore) as MemoryTicketStore;
    orderedTicketStore.get = async (ticketId: string) => {
      if (!cancelled && ticketId === 'tkt_revoke_late') {
        cancelled = true;
        await cancelReservation(fixture.deps, customer('alice'), fixture.show.id);
      }
      return fixture.ticketStore.get(ticketId);
    };
    await openAccounts(fixture.deps, { providerId: PROVIDER.subject, customers: [{ id: 'v3' }] });
    const deps = { ...fixture.deps, tickets: { ...fixture.deps.tickets, ticketStore: orderedTicketStore } };

    // Act
    const late = admitViewer(deps, customer('v3'), fixture.show.id, 'tkt_revoke_late', undefined);

    // Assess
    await expect(late).rejects.toMatchObject({ code: 'NOT_ADMITTING' });
    await fixture.expectRevoked([...fixture.allTickets, 'tkt_revoke_late']);
  });
});
