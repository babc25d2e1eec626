import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type {
  DevicePairRecord,
  DeviceRecord,
  DeviceStore,
  MachineClientStore,
  RegistrationRecord,
  RegistrationStore,
  SessionStore,
} from '../../shared/domain/identity/ports';
import { derivedId } from '../../shared/ids';
import { REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../shared/limits';

/**
 * One behaviour suite for the identity stores (registrations with their due index, devices
 * and pairs, sessions and machine clients), run against the in-memory stores and DynamoDB, so
 * the fakes keep the real conditions.
 */
export interface IdentityStores {
  readonly registrations: RegistrationStore;
  readonly devices: DeviceStore;
  readonly sessions: SessionStore & MachineClientStore;
}

const HOUR_MS = 3_600_000;
const GRACE_MS = REGISTRATION_EXPIRY_GRACE_SECONDS * 1000;
const token = () => randomBytes(6).toString('hex');

const registrationOf = (overrides: Partial<RegistrationRecord> = {}): RegistrationRecord => {
  const id = overrides.id ?? derivedId('reg', token());
  return {
    id,
    email: `r-${token()}@example.com`,
    status: 'provisional',
    customerId: derivedId('cus', id),
    device: { name: 'phone', publicJwk: { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) }, jkt: 'j'.repeat(43) },
    codeHash: 'scrypt$salt$hash',
    attemptsLeft: 5,
    passwordSealed: 'sealed',
    createdAt: '2030-01-01T00:00:00.000Z',
    expiresAtMs: Date.parse('2030-01-02T00:00:00.000Z'),
    ...overrides,
  };
};

const deviceOf = (customerId: string, name = 'phone'): DeviceRecord => {
  const jkt = token();
  return {
    id: derivedId('dev', customerId, jkt),
    customerId,
    name,
    publicJwk: { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) },
    jkt,
    createdAt: '2030-01-01T00:00:00.000Z',
  };
};

const pairOf = (customerId: string, from: DeviceRecord, to: DeviceRecord): DevicePairRecord => ({
  id: derivedId('dpr', customerId, from.id, to.id),
  customerId,
  fromDeviceId: from.id,
  toDeviceId: to.id,
  createdAt: '2030-01-01T00:00:00.000Z',
});

/** A new customer's phone and tablet, both added, and the pair from the phone to the tablet, stored. */
const pairedDevices = async (devices: DeviceStore) => {
  const customerId = derivedId('cus', token());
  const [phone, tablet] = [deviceOf(customerId), deviceOf(customerId)];
  for (const device of [phone, tablet]) await devices.addDevice(device, 10);
  const pair = pairOf(customerId, phone, tablet);
  await devices.addPair(pair);
  return { customerId, phone, tablet, pair };
};

export const identityStoresContract = (name: string, makeStores: () => Promise<IdentityStores>) =>
  describe(`identity stores contract: ${name}`, () => {
    describe('registrations', () => {
      it('claims the address, and refuses a second registration while the first is pending', async () => {
        const { registrations } = await makeStores();
        const first = registrationOf();
        const second = registrationOf({ email: first.email, customerId: first.customerId });

        const created = await registrations.create(first, first.expiresAtMs - HOUR_MS);
        const refused = await registrations.create(second, first.expiresAtMs + GRACE_MS - 1);

        expect(created).toEqual({ created: true });
        expect(refused).toEqual({
          created: false,
          claim: {
            email: first.email,
            registrationId: first.id,
            status: 'provisional',
            expiresAtMs: first.expiresAtMs,
            customerId: first.customerId,
          },
        });
        expect(await registrations.get(second.id)).toBeUndefined();
      });

      it('lets the address register again once the first expired and the grace passed, and lets a retry replace itself', async () => {
        const { registrations } = await makeStores();
        const first = registrationOf();
        await registrations.create(first, first.expiresAtMs - HOUR_MS);

        const retried = await registrations.create({ ...first, codeHash: 'scrypt$other$hash' }, first.expiresAtMs - 1);
        const second = registrationOf({ email: first.email, customerId: first.customerId });
        const takenOver = await registrations.create(second, first.expiresAtMs + GRACE_MS);

        expect(retried).toEqual({ created: true });
        expect(takenOver).toEqual({ created: true });
        expect((await registrations.getClaim(first.email))?.registrationId).toBe(second.id);
        expect((await registrations.get(first.id))?.codeHash).toBe('scrypt$other$hash');
      });

      it("keeps the address's customer id for good: a takeover, expired or released, only under that id", async () => {
        const { registrations } = await makeStores();
        const first = registrationOf();
        await registrations.create(first, first.expiresAtMs - HOUR_MS);
        await registrations.expire(first.id, '2030-01-01T01:00:00.000Z');
        const stranger = registrationOf({ email: first.email });
        const own = registrationOf({ email: first.email, customerId: first.customerId });

        const refused = await registrations.create(stranger, first.expiresAtMs + GRACE_MS);
        const takenOver = await registrations.create(own, first.expiresAtMs + GRACE_MS);
        await registrations.confirm(own.id, '2030-01-02T02:00:00.000Z');

        expect(refused).toEqual({
          created: false,
          claim: {
            email: first.email,
            registrationId: first.id,
            status: 'provisional',
            expiresAtMs: 0,
            customerId: first.customerId,
          },
        });
        expect(await registrations.get(stranger.id)).toBeUndefined();
        expect(takenOver).toEqual({ created: true });
        expect(await registrations.getClaim(first.email)).toMatchObject({
          registrationId: own.id,
          status: 'confirmed',
          customerId: first.customerId,
        });
      });

      it('never gives up the address of a confirmed registration', async () => {
        const { registrations } = await makeStores();
        const first = registrationOf();
        await registrations.create(first, first.expiresAtMs - HOUR_MS);
        await registrations.confirm(first.id, '2030-01-01T01:00:00.000Z');

        const later = await registrations.create(registrationOf({ email: first.email }), first.expiresAtMs + 10 * HOUR_MS);
        const retry = await registrations.create(first, first.expiresAtMs - HOUR_MS);

        expect(later).toMatchObject({ created: false, claim: { status: 'confirmed', registrationId: first.id } });
        expect(retry).toMatchObject({ created: false, claim: { status: 'confirmed' } });
      });

      it('takes attempts only while some are left and the registration is provisional and in time', async () => {
        const { registrations } = await makeStores();
        const registration = registrationOf({ attemptsLeft: 2 });
        await registrations.create(registration, registration.expiresAtMs - HOUR_MS);
        const now = registration.expiresAtMs - 1;

        const first = await registrations.consumeAttempt(registration.id, now, 'code-a');
        const second = await registrations.consumeAttempt(registration.id, now, 'code-b');
        const third = await registrations.consumeAttempt(registration.id, now, 'code-c');
        const late = await registrations.consumeAttempt(registration.id, registration.expiresAtMs, 'code-d');
        const unknown = await registrations.consumeAttempt(derivedId('reg', token()), now, 'code-a');

        expect(first).toMatchObject({ consumed: true, firstTry: true, registration: { attemptsLeft: 1 } });
        expect(second).toMatchObject({ consumed: true, firstTry: true, registration: { attemptsLeft: 0 } });
        expect(third).toMatchObject({ consumed: false, registration: { attemptsLeft: 0 } });
        expect(late.consumed).toBe(false);
        expect(unknown).toEqual({ consumed: false, registration: undefined });
      });

      it('lets a code tried before through again without another attempt, while in time, even with none left', async () => {
        const { registrations } = await makeStores();
        const registration = registrationOf({ attemptsLeft: 1 });
        await registrations.create(registration, registration.expiresAtMs - HOUR_MS);
        const now = registration.expiresAtMs - 1;
        await registrations.consumeAttempt(registration.id, now, 'code-a');

        const repeat = await registrations.consumeAttempt(registration.id, now, 'code-a');
        const other = await registrations.consumeAttempt(registration.id, now, 'code-b');
        const late = await registrations.consumeAttempt(registration.id, registration.expiresAtMs, 'code-a');

        expect(repeat).toMatchObject({ consumed: true, firstTry: false, registration: { attemptsLeft: 0 } });
        expect(other.consumed).toBe(false);
        expect(late.consumed).toBe(false);
      });

      it('takes every attempt exactly once under concurrency, and one per code however often it is sent', async () => {
        const { registrations } = await makeStores();
        const registration = registrationOf({ attemptsLeft: 5 });
        await registrations.create(registration, registration.expiresAtMs - HOUR_MS);
        const now = registration.expiresAtMs - 1;

        const outcomes = await Promise.all(
          Array.from({ length: 12 }, (_, index) => registrations.consumeAttempt(registration.id, now, `code-${index}`)),
        );
        const same = registrationOf({ attemptsLeft: 5 });
        await registrations.create(same, same.expiresAtMs - HOUR_MS);
        const repeats = await Promise.all(
          Array.from({ length: 10 }, () => registrations.consumeAttempt(same.id, same.expiresAtMs - 1, 'the-code')),
        );

        expect(outcomes.filter((outcome) => outcome.consumed)).toHaveLength(5);
        expect((await registrations.get(registration.id))?.attemptsLeft).toBe(0);
        expect(repeats.every((outcome) => outcome.consumed)).toBe(true);
        expect(repeats.filter((outcome) => outcome.consumed && outcome.firstTry)).toHaveLength(1);
        expect((await registrations.get(same.id))?.attemptsLeft).toBe(4);
      });

      it('confirms once, dropping the sealed password, and answers the same for a repeat', async () => {
        const { registrations } = await makeStores();
        const registration = registrationOf();
        await registrations.create(registration, registration.expiresAtMs - HOUR_MS);

        const confirmed = await registrations.confirm(registration.id, '2030-01-01T02:00:00.000Z');
        const again = await registrations.confirm(registration.id, '2030-01-01T03:00:00.000Z');

        expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: '2030-01-01T02:00:00.000Z' });
        expect(confirmed.passwordSealed).toBeUndefined();
        expect(again).toEqual(confirmed);
        expect((await registrations.getClaim(registration.email))?.status).toBe('confirmed');
      });

      it('expires a provisional registration, releasing its address at once, and leaves others alone', async () => {
        const { registrations } = await makeStores();
        const expiring = registrationOf();
        const confirmed = registrationOf();
        await registrations.create(expiring, expiring.expiresAtMs - HOUR_MS);
        await registrations.create(confirmed, confirmed.expiresAtMs - HOUR_MS);
        await registrations.confirm(confirmed.id, '2030-01-01T02:00:00.000Z');

        await registrations.expire(expiring.id, '2030-01-02T00:01:00.000Z');
        await registrations.expire(confirmed.id, '2030-01-02T00:01:00.000Z');
        const again = await registrations.create(
          registrationOf({ email: expiring.email, customerId: expiring.customerId }),
          expiring.expiresAtMs - HOUR_MS,
        );

        expect(await registrations.get(expiring.id)).toMatchObject({ status: 'expired', expiredAt: '2030-01-02T00:01:00.000Z' });
        expect((await registrations.get(expiring.id))?.passwordSealed).toBeUndefined();
        expect((await registrations.get(confirmed.id))?.status).toBe('confirmed');
        expect(again).toEqual({ created: true });
      });

      it('does not release an address a later registration took over', async () => {
        const { registrations } = await makeStores();
        const first = registrationOf();
        await registrations.create(first, first.expiresAtMs - HOUR_MS);
        const second = registrationOf({
          email: first.email,
          customerId: first.customerId,
          expiresAtMs: first.expiresAtMs + 10 * HOUR_MS,
        });
        await registrations.create(second, first.expiresAtMs + GRACE_MS);

        await registrations.expire(first.id, '2030-01-02T02:00:00.000Z');

        expect(await registrations.getClaim(first.email)).toMatchObject({
          registrationId: second.id,
          expiresAtMs: second.expiresAtMs,
        });
      });

      it('keeps only the provisional registrations in the due index, by expiry, and moves its watermark forward only', async () => {
        const { registrations } = await makeStores();
        const bucketMs = Date.parse(`2031-0${1 + ((randomBytes(1)[0] ?? 0) % 9)}-15T10:00:00.000Z`);
        const early = registrationOf({ expiresAtMs: bucketMs + 60_000 });
        const late = registrationOf({ expiresAtMs: bucketMs + 120_000 });
        const notYet = registrationOf({ expiresAtMs: bucketMs + 30 * 60_000 });
        const confirmed = registrationOf({ expiresAtMs: bucketMs + 90_000 });
        for (const registration of [late, early, notYet, confirmed]) await registrations.create(registration, bucketMs);
        await registrations.confirm(confirmed.id, '2031-01-01T00:00:00.000Z');

        const all = await registrations.dueIndex.queryBucket(bucketMs, 0, bucketMs + 10 * 60_000, 10);
        const first = await registrations.dueIndex.queryBucket(bucketMs, 0, bucketMs + 10 * 60_000, 1);
        await registrations.dueIndex.advanceWatermarkMs(bucketMs);
        await registrations.dueIndex.advanceWatermarkMs(bucketMs - HOUR_MS);

        expect(all.entries.map((entry) => entry.id)).toEqual([early.id, late.id]);
        expect(all.exhausted).toBe(true);
        expect(first).toMatchObject({ entries: [{ id: early.id }], exhausted: false });
        expect(await registrations.dueIndex.readWatermarkMs()).toBe(bucketMs);
      });
    });

    describe('devices and device pairs', () => {
      it('adds a device once, answers the stored one for a repeat, and holds the limit under concurrency', async () => {
        const { devices } = await makeStores();
        const customerId = derivedId('cus', token());
        const first = deviceOf(customerId);

        const created = await devices.addDevice(first, 3);
        const repeat = await devices.addDevice({ ...first, name: 'renamed' }, 3);
        const racing = await Promise.all(Array.from({ length: 6 }, () => devices.addDevice(deviceOf(customerId), 3)));

        expect(created).toEqual({ outcome: 'created', device: first });
        expect(repeat).toEqual({ outcome: 'exists', device: first });
        expect(racing.filter((result) => result.outcome === 'created')).toHaveLength(2);
        expect(racing.filter((result) => result.outcome === 'limit_reached')).toHaveLength(4);
        expect(await devices.getDevice(customerId, first.id)).toEqual(first);
        expect(await devices.getDevice(derivedId('cus', token()), first.id)).toBeUndefined();
      });

      it('lists a customer’s devices in pages and refuses a cursor it did not hand out', async () => {
        const { devices } = await makeStores();
        const customerId = derivedId('cus', token());
        const added = [deviceOf(customerId), deviceOf(customerId), deviceOf(customerId)];
        for (const device of added) await devices.addDevice(device, 10);
        await devices.addDevice(deviceOf(derivedId('cus', token())), 10);

        const first = await devices.listDevices(customerId, 2, undefined);
        const second = await devices.listDevices(customerId, 2, first.nextCursor);

        expect([...first.items, ...second.items].map((device) => device.id)).toEqual(added.map((device) => device.id).sort());
        expect(second.nextCursor).toBeUndefined();
        await expect(devices.listDevices(customerId, 2, 'bm90IGEgY3Vyc29y')).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
        await expect(devices.listPairs(customerId, 2, first.nextCursor)).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
      });

      it('pairs two existing devices once, and refuses a device of someone else', async () => {
        const { devices } = await makeStores();
        const customerId = derivedId('cus', token());
        const [phone, tablet] = [deviceOf(customerId), deviceOf(customerId)];
        const stranger = deviceOf(derivedId('cus', token()));
        for (const device of [phone, tablet, stranger]) await devices.addDevice(device, 10);

        const created = await devices.addPair(pairOf(customerId, phone, tablet));
        const repeat = await devices.addPair(pairOf(customerId, phone, tablet));
        const foreign = await devices.addPair(pairOf(customerId, phone, stranger));
        const listed = await devices.listPairs(customerId, 10, undefined);

        expect(created.outcome).toBe('created');
        expect(repeat.outcome).toBe('exists');
        expect(foreign).toEqual({ outcome: 'device_not_found', deviceId: stranger.id });
        expect(listed.items).toEqual([pairOf(customerId, phone, tablet)]);
      });

      it('reads a pair by its id for its customer only', async () => {
        const { devices } = await makeStores();
        const { customerId, phone, tablet, pair } = await pairedDevices(devices);

        const own = await devices.getPair(customerId, pair.id);
        const reversed = await devices.getPair(customerId, pairOf(customerId, tablet, phone).id);
        const someoneElses = await devices.getPair(derivedId('cus', token()), pair.id);

        expect(own).toEqual(pair);
        expect(reversed).toBeUndefined();
        expect(someoneElses).toBeUndefined();
      });

      it('removes neither a paired device nor the last one, and removes pairs once', async () => {
        const { devices } = await makeStores();
        const { customerId, phone, tablet, pair } = await pairedDevices(devices);

        const paired = await devices.removeDevice(customerId, tablet.id);
        const pairRemoved = await devices.removePair(customerId, pair.id);
        const pairAgain = await devices.removePair(customerId, pair.id);
        const removed = await devices.removeDevice(customerId, tablet.id);
        const gone = await devices.removeDevice(customerId, tablet.id);
        const last = await devices.removeDevice(customerId, phone.id);

        expect([paired, pairRemoved, pairAgain, removed, gone, last]).toEqual([
          'in_pair',
          'removed',
          'not_found',
          'removed',
          'not_found',
          'last_device',
        ]);
        expect(await devices.addPair(pairOf(customerId, phone, tablet))).toEqual({
          outcome: 'device_not_found',
          deviceId: tablet.id,
        });
      });
    });

    describe('sessions and machine clients', () => {
      it('keeps a session by its token id', async () => {
        const { sessions } = await makeStores();
        const session = {
          tokenId: token(),
          customerId: 'cus_1',
          deviceId: 'dev_1',
          jkt: 'j',
          deviceCreatedAt: '2029-12-31T00:00:00.000Z',
          createdAt: '2030-01-01T00:00:00.000Z',
          expiresAtMs: Date.parse('2030-01-01T01:00:00.000Z'),
        };

        await sessions.putSession(session);

        expect(await sessions.getSession(session.tokenId)).toEqual(session);
        expect(await sessions.getSession(token())).toBeUndefined();
      });

      it('remembers a proof id once, even when it is presented concurrently', async () => {
        const { sessions } = await makeStores();
        const jti = token();

        const answers = await Promise.all(
          Array.from({ length: 8 }, () => sessions.rememberProof('key', jti, Date.now() + 60_000)),
        );
        const otherKey = await sessions.rememberProof('other-key', jti, Date.now() + 60_000);

        expect(answers.filter(Boolean)).toHaveLength(1);
        expect(otherKey).toBe(true);
      });

      it('maps a client id to its party within the per-party limit, and removes it once', async () => {
        const { sessions } = await makeStores();
        const partyId = derivedId('prv', token());
        const record = (clientId: string) => ({
          clientId,
          role: 'provider' as const,
          partyId,
          createdAt: '2030-01-01T00:00:00.000Z',
          createdBy: 'operator:op',
        });
        const [first, second, third] = [token(), token(), token()];

        const stored = [await sessions.putMachineClient(record(first), 2), await sessions.putMachineClient(record(second), 2)];
        const full = await sessions.putMachineClient(record(third), 2);
        const removed = await sessions.removeMachineClient(first);
        const removedAgain = await sessions.removeMachineClient(first);
        const room = await sessions.putMachineClient(record(third), 2);

        expect(stored).toEqual([true, true]);
        expect([full, removed, removedAgain, room]).toEqual([false, true, false, true]);
        expect(await sessions.getMachineClient(second)).toEqual(record(second));
        expect(await sessions.getMachineClient(first)).toBeUndefined();
      });
    });
  });
