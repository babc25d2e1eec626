import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { expireRegistrations } from '../../../shared/domain/identity/expiry';
import { confirmRegistration, createRegistration } from '../../../shared/domain/identity/registration';
import { derivedId } from '../../../shared/ids';
import { REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../../shared/limits';
import { CONFIRM_SECONDS, identityWorld, type IdentityWorld } from '../../fixtures/identity-world';
import { PASSWORD, newDevice, uniqueEmail } from '../../fixtures/identity';

/** Registrations on in-memory ports with a hand-moved clock: codes, attempts, expiry by time and by the sweep. */
const register = async (world: IdentityWorld, email = uniqueEmail('unit'), key?: string) => {
  const device = await newDevice();
  const registration = await createRegistration(
    world.deps.registration,
    { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk as never } },
    key,
  );
  return { email, device, registration };
};

describe('a registration', () => {
  it('keeps the code only as a hash and the password only sealed, and sends the code once', async () => {
    const world = identityWorld();
    world.codes.push('402913');

    const { email, registration } = await register(world, '  Mixed.Case@Example.com ');

    expect(registration).toMatchObject({ email: 'mixed.case@example.com', status: 'provisional', attemptsLeft: 5 });
    expect(registration.expiresAtMs).toBe(world.clock.now() + CONFIRM_SECONDS * 1000);
    const stored = JSON.stringify(world.registrations.registrations.get(registration.id));
    expect(stored).not.toContain('402913');
    expect(stored).not.toContain(PASSWORD);
    expect(world.outbox.sent).toEqual([
      {
        to: 'mixed.case@example.com',
        kind: 'registration-code',
        code: '402913',
        at: expect.any(String),
        expiresAt: expect.any(String),
      },
    ]);
    expect(email).not.toBe(registration.email);
  });

  it('creates the customer with its wallet, the Cognito user and the first device when confirmed, and answers a repeat the same', async () => {
    const world = identityWorld();
    const { email, registration } = await register(world);

    const confirmed = await confirmRegistration(world.deps.confirm, registration.id, '123456');
    const again = await confirmRegistration(world.deps.confirm, registration.id, '123456');

    const customerId = registration.customerId;
    expect(confirmed).toMatchObject({ status: 'confirmed', customerId });
    expect(again).toEqual(confirmed);
    // The address is private: the customer's name, which its carrier and operators read, is its id.
    expect(await world.parties.getCustomer(customerId)).toMatchObject({ id: customerId, name: customerId, currencies: ['JPY'] });
    expect(JSON.stringify(await world.parties.getCustomer(customerId))).not.toContain(email);
    expect(await world.identity.findUser(email)).toEqual({ email, role: 'customer', subject: customerId });
    expect((await world.identity.signIn(email, PASSWORD))?.subject).toBe(customerId);
    expect((await world.devices.listDevices(customerId, 10, undefined)).items).toEqual([
      expect.objectContaining({ name: 'phone', jkt: registration.device.jkt }),
    ]);
    expect(world.registrations.registrations.get(registration.id)?.passwordSealed).toBeUndefined();
  });

  it('names the confirmed customer as the registration asks, and a customer an earlier failed confirm left keeps its name', async () => {
    // Prepare
    const world = identityWorld();
    const named = await createRegistration(
      world.deps.registration,
      {
        email: uniqueEmail('named'),
        password: PASSWORD,
        device: { name: 'phone', publicJwk: (await newDevice()).publicJwk as never },
        name: 'Aiko',
      },
      undefined,
    );
    // An unnamed registration whose confirm created the customer, then the pool refused the password.
    const { email, registration } = await register(world);
    const createUser = world.identity.createUser.bind(world.identity);
    world.identity.createUser = async () => {
      throw new DomainError('PASSWORD_REJECTED', 'The password does not meet the password policy.');
    };
    await expect(confirmRegistration(world.deps.confirm, registration.id, '123456')).rejects.toMatchObject({
      code: 'PASSWORD_REJECTED',
    });
    world.identity.createUser = createUser;

    // Act
    await confirmRegistration(world.deps.confirm, named.id, '123456');
    const again = await createRegistration(
      world.deps.registration,
      { email, password: PASSWORD, device: { name: 'phone', publicJwk: (await newDevice()).publicJwk as never }, name: 'Bo' },
      undefined,
    );
    await confirmRegistration(world.deps.confirm, again.id, '123456');

    // Assess
    expect(world.registrations.registrations.get(named.id)).toMatchObject({ name: 'Aiko' });
    expect(await world.parties.getCustomer(named.customerId)).toMatchObject({ id: named.customerId, name: 'Aiko' });
    expect(again.customerId).toBe(registration.customerId);
    expect(await world.parties.getCustomer(again.customerId)).toMatchObject({ name: registration.customerId });
  });

  it('counts different wrong codes down, expires at the fifth, refuses the sixth and frees the address', async () => {
    const world = identityWorld();
    const { email, registration } = await register(world);

    const wrong = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const code = `00000${attempt}`;
      wrong.push(await confirmRegistration(world.deps.confirm, registration.id, code).catch((error: unknown) => error));
    }
    const sixth = confirmRegistration(world.deps.confirm, registration.id, '123456');

    expect(wrong.map((error) => (error as { extensions: { attemptsLeft: number } }).extensions.attemptsLeft)).toEqual([
      4, 3, 2, 1, 0,
    ]);
    await expect(sixth).rejects.toMatchObject({ code: 'REGISTRATION_EXPIRED' });
    expect((await register(world, email)).registration.status).toBe('provisional');
  });

  it('is refused by time once it expired, whether or not the sweep has run', async () => {
    const world = identityWorld();
    const { registration } = await register(world);
    world.clock.advanceSeconds(CONFIRM_SECONDS);

    const late = confirmRegistration(world.deps.confirm, registration.id, '123456');

    await expect(late).rejects.toMatchObject({ code: 'REGISTRATION_EXPIRED' });
    expect(world.registrations.registrations.get(registration.id)?.attemptsLeft).toBe(5);
  });

  it('refuses the address while a registration of it is pending, and of a registered user', async () => {
    const world = identityWorld();
    const { email } = await register(world);
    const operator = uniqueEmail('operator');
    await world.identity.createUser({ email: operator, role: 'operator', subject: 'opr_1' });

    await expect(register(world, email)).rejects.toMatchObject({ code: 'REGISTRATION_PENDING' });
    await expect(register(world, operator)).rejects.toMatchObject({ code: 'EMAIL_ALREADY_REGISTERED' });
  });

  it('names when the address is free: the expiry plus the grace, also during the grace after the expiry', async () => {
    const world = identityWorld();
    const { email, registration } = await register(world);
    const expiresAt = new Date(registration.expiresAtMs).toISOString();
    const freeAt = new Date(registration.expiresAtMs + REGISTRATION_EXPIRY_GRACE_SECONDS * 1000).toISOString();

    const waiting = register(world, email);
    await expect(waiting).rejects.toMatchObject({
      code: 'REGISTRATION_PENDING',
      detail: `A registration of this address waits for its code until ${expiresAt}; confirm it, or register again from ${freeAt}.`,
    });
    world.clock.advanceSeconds(CONFIRM_SECONDS + 10);
    const inGrace = register(world, email);
    await expect(inGrace).rejects.toMatchObject({
      code: 'REGISTRATION_PENDING',
      detail: `A registration of this address expired at ${expiresAt}; the address is free to register again from ${freeAt}.`,
    });
    world.clock.advanceSeconds(REGISTRATION_EXPIRY_GRACE_SECONDS);
    expect((await register(world, email)).registration.status).toBe('provisional');
  });

  it('answers a retry with the same Idempotency-Key on the same registration, with a fresh code', async () => {
    const world = identityWorld();
    world.codes.push('111111', '222222');
    const email = uniqueEmail('retry');

    const first = await register(world, email, 'key-1');
    const second = await register(world, email, 'key-1');

    expect(second.registration.id).toBe(first.registration.id);
    await expect(confirmRegistration(world.deps.confirm, first.registration.id, '111111')).rejects.toMatchObject({
      code: 'REGISTRATION_CODE_INVALID',
    });
    expect((await confirmRegistration(world.deps.confirm, first.registration.id, '222222')).status).toBe('confirmed');
  });

  it('is expired at once, freeing the address, when the code cannot be delivered', async () => {
    const world = identityWorld();
    const email = uniqueEmail('undeliverable');
    world.outbox.failing = true;

    await expect(register(world, email)).rejects.toThrow(/refused the message/);
    world.outbox.failing = false;

    expect((await register(world, email)).registration.status).toBe('provisional');
  });

  it('completes a confirm that crashed half-way when it is retried', async () => {
    const world = identityWorld();
    const { email, registration } = await register(world);
    const createUser = world.identity.createUser.bind(world.identity);
    let crashes = 1;
    world.identity.createUser = async (user) => {
      const result = await createUser(user);
      if (crashes-- > 0) throw new Error('crashed after creating the user');
      return result;
    };

    await expect(confirmRegistration(world.deps.confirm, registration.id, '123456')).rejects.toThrow(/crashed/);
    const retried = await confirmRegistration(world.deps.confirm, registration.id, '123456');

    expect(retried.status).toBe('confirmed');
    expect((await world.identity.signIn(email, PASSWORD))?.subject).toBe(registration.customerId);
  });
});

describe("a registered customer's id", () => {
  it('cannot be computed from the address: the same address registered anew is another random id', async () => {
    const email = uniqueEmail('unlinkable');
    const confirmedIn = async (world: IdentityWorld) => {
      const { registration } = await register(world, email);
      return (await confirmRegistration(world.deps.confirm, registration.id, '123456')).customerId;
    };

    const ids = [await confirmedIn(identityWorld()), await confirmedIn(identityWorld())];

    expect(ids[0]).toMatch(/^cus_[A-Za-z0-9_-]{22}$/);
    expect(ids[1]).not.toBe(ids[0]);
    // The id of round 3, an unkeyed hash of the address that anyone could compute.
    expect(ids).not.toContain(derivedId('cus', 'email', email));
  });

  it('is the one the address was first given, for every later registration of it', async () => {
    // Prepare: the first confirm made the customer and failed before its Cognito user; the address is released
    const world = identityWorld();
    const { email, registration } = await register(world);
    const createUser = world.identity.createUser.bind(world.identity);
    world.identity.createUser = async () => {
      throw new Error('crashed after creating the customer');
    };
    await expect(confirmRegistration(world.deps.confirm, registration.id, '123456')).rejects.toThrow(/crashed/);
    world.identity.createUser = createUser;
    await world.registrations.expire(registration.id, new Date(world.clock.now()).toISOString());

    // Act
    const again = await register(world, email);
    const confirmed = await confirmRegistration(world.deps.confirm, again.registration.id, '123456');

    // Assess
    expect(again.registration.customerId).toBe(registration.customerId);
    expect(confirmed.customerId).toBe(registration.customerId);
    expect((await world.identity.signIn(email, PASSWORD))?.subject).toBe(registration.customerId);
  });

  it("is the claim's when the address was claimed and released under it after the registration read the claim", async () => {
    // Prepare: a registration whose code could not be sent released the address; the next one reads the claim too early
    const world = identityWorld();
    const email = uniqueEmail('raced');
    world.outbox.failing = true;
    await expect(register(world, email)).rejects.toThrow(/refused the message/);
    world.outbox.failing = false;
    const kept = world.registrations.claims.get(email)?.customerId;
    world.registrations.getClaim = async () => undefined;

    // Act
    const { registration } = await register(world, email);

    // Assess
    expect(kept).toMatch(/^cus_/);
    expect(registration.customerId).toBe(kept);
    expect(world.registrations.claims.get(email)).toMatchObject({ registrationId: registration.id, customerId: kept });
  });

  it("is the left-behind user's on an address whose claim keeps no customer id (a claim written before claims kept one)", async () => {
    // Prepare: a released claim with no customerId, and the customer user of a confirm that failed then
    const world = identityWorld();
    const email = uniqueEmail('legacy');
    const legacyId = derivedId('cus', 'email', email);
    world.registrations.claims.set(email, { email, registrationId: 'reg_old', status: 'provisional', expiresAtMs: 0 });
    await world.identity.createUser({ email, role: 'customer', subject: legacyId, password: PASSWORD });

    // Act
    const { registration } = await register(world, email);
    const confirmed = await confirmRegistration(world.deps.confirm, registration.id, '123456');

    // Assess
    expect(confirmed.customerId).toBe(legacyId);
    expect(world.registrations.claims.get(email)).toMatchObject({ status: 'confirmed', customerId: legacyId });
  });

  it('is not taken from a customer user of the address when the address has no claim, nor one of another customer', async () => {
    const world = identityWorld();
    const unclaimed = uniqueEmail('unclaimed');
    await world.identity.createUser({ email: unclaimed, role: 'customer', subject: 'cus_someone', password: PASSWORD });
    const { email, registration } = await register(world);
    await world.registrations.expire(registration.id, new Date(world.clock.now()).toISOString());
    await world.identity.createUser({ email, role: 'customer', subject: 'cus_someone', password: PASSWORD });

    await expect(register(world, unclaimed)).rejects.toMatchObject({ code: 'EMAIL_ALREADY_REGISTERED' });
    await expect(register(world, email)).rejects.toMatchObject({ code: 'EMAIL_ALREADY_REGISTERED' });
  });
});

describe('a confirm under repeats and failures', () => {
  it('confirms every one of many identical confirms with the right code sent at once, taking one attempt', async () => {
    const world = identityWorld();
    const { registration } = await register(world);

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => confirmRegistration(world.deps.confirm, registration.id, '123456')),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 10 }, () => 'confirmed'));
    expect(world.registrations.registrations.get(registration.id)?.attemptsLeft).toBe(4);
  });

  it('does not count a repeated wrong code twice, and says so truly once the registration is confirmed', async () => {
    const world = identityWorld();
    const { registration } = await register(world);
    const wrong = () => confirmRegistration(world.deps.confirm, registration.id, '000000').catch((error: unknown) => error);

    const first = await wrong();
    const repeat = await wrong();
    await confirmRegistration(world.deps.confirm, registration.id, '123456');
    const afterwards = await wrong();

    expect([first, repeat]).toEqual([
      expect.objectContaining({ code: 'REGISTRATION_CODE_INVALID', extensions: { attemptsLeft: 4 } }),
      expect.objectContaining({ code: 'REGISTRATION_CODE_INVALID', extensions: { attemptsLeft: 4 } }),
    ]);
    expect(afterwards).toMatchObject({
      code: 'REGISTRATION_CODE_INVALID',
      detail: 'This registration is confirmed already, and this is not the code that confirmed it.',
    });
  });

  it('does not let a user that a failed confirm left behind block the address once the registration expired', async () => {
    // Prepare: the confirm fails after the Cognito user exists and is never retried; the sweep expires it
    const world = identityWorld();
    const { email, registration } = await register(world);
    const addDevice = world.devices.addDevice.bind(world.devices);
    world.devices.addDevice = async () => {
      throw new Error('crashed after creating the user');
    };
    await expect(confirmRegistration(world.deps.confirm, registration.id, '123456')).rejects.toThrow(/crashed/);
    world.devices.addDevice = addDevice;
    world.clock.advanceSeconds(CONFIRM_SECONDS + REGISTRATION_EXPIRY_GRACE_SECONDS);
    await expireRegistrations(world.deps.expiry);

    // Act
    const again = await createRegistration(
      world.deps.registration,
      { email, password: 'Another-secret-8!', device: { name: 'tablet', publicJwk: (await newDevice()).publicJwk as never } },
      undefined,
    );
    const confirmed = await confirmRegistration(world.deps.confirm, again.id, '123456');

    // Assess
    expect(confirmed).toMatchObject({ status: 'confirmed', customerId: registration.customerId });
    expect((await world.identity.signIn(email, 'Another-secret-8!'))?.subject).toBe(registration.customerId);
    expect(await world.identity.signIn(email, PASSWORD)).toBeUndefined();
  });

  it('ends the registration at once, freeing the address, when the pool refuses the password at confirm', async () => {
    // Prepare: a pool whose policy changed after the registration was made
    const world = identityWorld();
    const { email, registration } = await register(world);
    world.identity.setPassword = async () => {
      throw new DomainError('PASSWORD_REJECTED', 'The password does not meet the password policy.');
    };

    // Act
    const refusal = confirmRegistration(world.deps.confirm, registration.id, '123456');

    // Assess
    await expect(refusal).rejects.toMatchObject({ code: 'PASSWORD_REJECTED', detail: expect.stringMatching(/register again/) });
    expect(world.registrations.registrations.get(registration.id)?.status).toBe('expired');
    expect((await register(world, email)).registration.status).toBe('provisional');
  });
});

describe('the registration expiry sweep', () => {
  it('expires what is past its expiry and the grace, and leaves the rest, so the address can register again', async () => {
    const world = identityWorld();
    const expiring = await register(world);
    const confirmed = await register(world);
    await confirmRegistration(world.deps.confirm, confirmed.registration.id, '123456');
    world.clock.advanceSeconds(CONFIRM_SECONDS / 2);
    const later = await register(world);
    world.clock.advanceSeconds(CONFIRM_SECONDS / 2 + REGISTRATION_EXPIRY_GRACE_SECONDS);

    const result = await expireRegistrations(world.deps.expiry);

    expect(result.expired).toEqual([expiring.registration.id]);
    expect(world.registrations.registrations.get(expiring.registration.id)).toMatchObject({ status: 'expired' });
    expect(world.registrations.registrations.get(expiring.registration.id)?.passwordSealed).toBeUndefined();
    expect(world.registrations.registrations.get(later.registration.id)?.status).toBe('provisional');
    expect(world.registrations.registrations.get(confirmed.registration.id)?.status).toBe('confirmed');
    expect((await register(world, expiring.email)).registration.status).toBe('provisional');
  });

  it('does not expire a registration within the grace after its expiry', async () => {
    const world = identityWorld();
    const { registration } = await register(world);
    world.clock.advanceSeconds(CONFIRM_SECONDS + REGISTRATION_EXPIRY_GRACE_SECONDS - 1);

    const result = await expireRegistrations(world.deps.expiry);

    expect(result.expired).toEqual([]);
    expect(world.registrations.registrations.get(registration.id)?.status).toBe('provisional');
  });
});
