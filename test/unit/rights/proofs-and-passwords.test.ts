import { compactDecrypt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/domain/principal';
import { grantTicket } from '../../../shared/domain/rights/grants';
import { issueFixedPassword, issueOtp } from '../../../shared/domain/rights/otp';
import { DEVICE_PROOF_TYPE } from '../../../shared/domain/rights/proof';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { DEVICE_PROOF_FRESHNESS } from '../../../shared/limits';
import { newDevice, rawEs256Jws } from '../../fixtures/identity';
import { deviceProof, makeRightsWorld, type RightsWorld } from '../../fixtures/rights-world';

/** One-time passwords, device proofs and the content key that only the bound device opens. */
const otpScene = async (world: RightsWorld) => {
  const provider = await world.provider();
  const { customer, principal } = await world.customerWithDevice();
  const ticket = await world.ticket(provider.id, customer.id, { maxUses: 10, otp: true });
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  return { ticket, holder: principal, asProvider };
};

/** A device-bound usage right for a content, bought by a customer for one of their devices. */
const boundScene = async (world: RightsWorld) => {
  const provider = await world.provider();
  const { content, contentKey } = await world.content(provider.id);
  const offer = await world.rightsOffer(provider.id, { contentId: content.id, deviceBound: true, maxUses: 5 });
  const { customer, device } = await world.customerWithDevice();
  const ticket = await world.buyTicket(customer.id, { offerId: offer.id, deviceId: device.record.id, purpose: 'viewing' });
  const asProvider: Principal = { role: 'provider', subject: provider.id };
  return { ticket, device, contentKey, asProvider };
};

describe('one-time passwords', () => {
  it('work for one connection; the second connection with the same password is refused', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await otpScene(world);
    const { password, expiresAt } = await issueOtp(world.otpDeps, holder, ticket.id);

    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password });
    const second = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-2', password });

    expect(first.remaining).toEqual({ uses: 9 });
    expect(Date.parse(expiresAt)).toBeGreaterThan(world.clock.now());
    await expect(second).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(9);
  });

  it('are required, unknown ones refused, and a retry of the same connection answers the first answer', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await otpScene(world);
    const { password } = await issueOtp(world.otpDeps, holder, ticket.id);

    await expect(redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1' })).rejects.toMatchObject({
      code: 'OTP_INVALID',
    });
    await expect(
      redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password: 'guess' }),
    ).rejects.toMatchObject({
      code: 'OTP_INVALID',
    });
    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password });
    expect(await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password })).toEqual(first);
  });

  it('belong to the nonce they were redeemed with: the nonce again with a fresh, unused one is 422 naming password, and the fresh one stays unused', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await otpScene(world);
    const { password } = await issueOtp(world.otpDeps, holder, ticket.id);
    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password });
    const fresh = await issueOtp(world.otpDeps, holder, ticket.id);

    const retried = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password: fresh.password });
    const changed = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', uses: 2, password: fresh.password });

    await expect(retried).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      detail: `Nonce c-1 already created redemption ${JSON.stringify(first.redemptionId)} with another password; use a new nonce for a different request.`,
      fields: [{ field: 'password', message: 'differs from the request first made with nonce c-1' }],
    });
    await expect(changed).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      fields: [{ field: 'uses' }, { field: 'password' }],
    });
    const next = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-2', password: fresh.password });
    expect([first.remaining, next.remaining]).toEqual([{ uses: 9 }, { uses: 8 }]);
  });

  it('stay unused when the redeem is refused, and lapse after their validity', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const { customer, principal } = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, customer.id, { maxUses: 1, otp: true });
    const asProvider: Principal = { role: 'provider', subject: provider.id };
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, {
      nonce: 'c-0',
      password: (await issueOtp(world.otpDeps, principal, ticket.id)).password,
    });
    const { password } = await issueOtp(world.otpDeps, principal, ticket.id);

    await expect(redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password })).rejects.toMatchObject({
      code: 'TICKET_EXHAUSTED',
    });
    const lapsing = await issueOtp(world.otpDeps, principal, (await world.ticket(provider.id, customer.id, { otp: true })).id);
    expect(Date.parse(lapsing.expiresAt) - world.clock.now()).toBe(300_000);
  });

  it('are for the holder of a ticket that takes them', async () => {
    const world = makeRightsWorld();
    const { ticket, asProvider } = await otpScene(world);
    const plain = await world.ticket(asProvider.subject, ticket.holderId);

    await expect(issueOtp(world.otpDeps, asProvider, ticket.id)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(issueOtp(world.otpDeps, { role: 'customer', subject: ticket.holderId }, plain.id)).rejects.toMatchObject({
      code: 'OTP_NOT_REQUIRED',
    });
  });

  it('are refused for a revoked ticket as TICKET_REVOKED, whether or not it takes them', async () => {
    const world = makeRightsWorld();
    const { ticket, asProvider, holder } = await otpScene(world);
    const plain = await world.ticket(asProvider.subject, ticket.holderId);
    for (const revoked of [ticket, plain]) await world.ticketStore.revoke(revoked.id, new Date(world.clock.now()).toISOString());

    await expect(issueOtp(world.otpDeps, holder, ticket.id)).rejects.toMatchObject({ code: 'TICKET_REVOKED' });
    await expect(issueOtp(world.otpDeps, holder, plain.id)).rejects.toMatchObject({ code: 'TICKET_REVOKED' });
  });
});

describe('fixed passwords', () => {
  const fixedScene = async (world: RightsWorld) => {
    const provider = await world.provider();
    const { customer, principal } = await world.customerWithDevice();
    const ticket = await world.ticket(provider.id, customer.id, { maxUses: 10, fixedPassword: true });
    const asProvider: Principal = { role: 'provider', subject: provider.id };
    return { ticket, holder: principal, asProvider };
  };

  it('work on every connection without being used up, for the whole window, and a missing or wrong one is refused', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await fixedScene(world);
    const { password, expiresAt } = await issueFixedPassword(world.otpDeps, holder, ticket.id);

    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password });
    const second = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-2', password });
    const retry = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-2', password });
    const without = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-3' });
    const wrong = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-3', password: 'guess' });

    expect(ticket).toMatchObject({ fixedPassword: true });
    expect(expiresAt).toBe(ticket.expiresAt);
    expect([first.remaining, second.remaining, retry]).toEqual([{ uses: 9 }, { uses: 8 }, second]);
    await expect(without).rejects.toMatchObject({ code: 'OTP_INVALID', detail: expect.stringContaining('fixed password') });
    await expect(wrong).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(8);
  });

  it('are replaced by a new one: the old one stops working at once', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await fixedScene(world);
    const old = await issueFixedPassword(world.otpDeps, holder, ticket.id);
    await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-1', password: old.password });

    const current = await issueFixedPassword(world.otpDeps, holder, ticket.id);
    const withOld = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-2', password: old.password });
    const withNew = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'c-3', password: current.password });

    expect(current.password).not.toBe(old.password);
    await expect(withOld).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect(withNew.remaining).toEqual({ uses: 8 });
  });

  it('answer a retried nonce by the password it was redeemed with: the same one replays, the new current one is 422 naming password, not OTP_INVALID', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await fixedScene(world);
    const old = await issueFixedPassword(world.otpDeps, holder, ticket.id);
    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n', password: old.password });
    const current = await issueFixedPassword(world.otpDeps, holder, ticket.id);

    const withCurrent = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n', password: current.password });
    const withFirst = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n', password: old.password });
    const without = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n' });

    await expect(withCurrent).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      detail: `Nonce n already created redemption ${JSON.stringify(first.redemptionId)} with another password; use a new nonce for a different request.`,
      fields: [{ field: 'password', message: 'differs from the request first made with nonce n' }],
    });
    expect(withFirst).toEqual(first);
    await expect(without).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(9);
  });

  it('are for the holder of a ticket that takes one; a one-time-password ticket takes none, and neither mode takes the other', async () => {
    const world = makeRightsWorld();
    const { ticket, holder, asProvider } = await fixedScene(world);
    const otpTicket = await world.ticket(asProvider.subject, ticket.holderId, { otp: true });
    const plain = await world.ticket(asProvider.subject, ticket.holderId);

    await expect(issueFixedPassword(world.otpDeps, asProvider, ticket.id)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(issueFixedPassword(world.otpDeps, holder, otpTicket.id)).rejects.toMatchObject({
      code: 'FIXED_PASSWORD_NOT_REQUIRED',
    });
    await expect(issueFixedPassword(world.otpDeps, holder, plain.id)).rejects.toMatchObject({
      code: 'FIXED_PASSWORD_NOT_REQUIRED',
    });
    await expect(issueOtp(world.otpDeps, holder, ticket.id)).rejects.toMatchObject({ code: 'OTP_NOT_REQUIRED' });
    // A one-time password is no fixed password, nor the other way round.
    const otp = await issueOtp(world.otpDeps, holder, otpTicket.id);
    await expect(
      redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'x-1', password: otp.password }),
    ).rejects.toMatchObject({ code: 'OTP_INVALID' });
    await expect(redeemTicket(world.redeemDeps, asProvider, plain.id, { nonce: 'x-2', password: 'any' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'password' }],
    });
  });

  it('cannot be asked for together with one-time passwords, on an offer or a ticket', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const { customer } = await world.customerWithDevice();
    const both = { otp: true, fixedPassword: true };

    await expect(world.rightsOffer(provider.id, both)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'fixedPassword' }],
    });
    await expect(world.ticket(provider.id, customer.id, both)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'fixedPassword' }],
    });
  });

  it("pass their mode, not the password, to a bought ticket's grant: the grantee's ticket has none until its holder asks", async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const offer = await world.rightsOffer(provider.id, { resource: 'server-1/stream-7', maxUses: 5, fixedPassword: true });
    const buyer = await world.customerWithDevice();
    const grantee = await world.customerWithDevice();
    const ticket = await world.buyTicket(buyer.customer.id, { offerId: offer.id });
    const asProvider: Principal = { role: 'provider', subject: provider.id };
    const grantorPassword = await issueFixedPassword(world.otpDeps, buyer.principal, ticket.id);

    const granted = await grantTicket(
      world.grantDeps,
      buyer.principal,
      ticket.id,
      { granteeId: grantee.customer.id, uses: 2 },
      'g-1',
    );
    const withGrantors = redeemTicket(world.redeemDeps, asProvider, granted.ticket.id, {
      nonce: 'g-1',
      password: grantorPassword.password,
    });
    const own = await issueFixedPassword(world.otpDeps, grantee.principal, granted.ticket.id);
    const withOwn = await redeemTicket(world.redeemDeps, asProvider, granted.ticket.id, { nonce: 'g-2', password: own.password });

    expect(offer).toMatchObject({ fixedPassword: true });
    expect(ticket).toMatchObject({ fixedPassword: true });
    expect(JSON.parse(Buffer.from(ticket.token.split('.')[1] ?? '', 'base64url').toString('utf8'))).toMatchObject({ pwd: true });
    expect((await world.store.read(granted.ticket.id))?.ticket).toMatchObject({ fixedPassword: true });
    await expect(withGrantors).rejects.toMatchObject({ code: 'OTP_INVALID' });
    expect(withOwn.remaining).toEqual({ uses: 1 });
  });
});

describe('device proofs', () => {
  it('refuse a bound ticket without a proof, or with a wrong one, and accept the right one', async () => {
    const world = makeRightsWorld();
    const { ticket, device, asProvider } = await boundScene(world);
    const stranger = await newDevice();
    const iat = world.nowSeconds();
    const redeem = (nonce: string, proof?: string) =>
      redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce, ...(proof === undefined ? {} : { proof }) });

    const wrong = [
      await redeem('n-1').catch((error: { detail: string }) => error.detail),
      await redeem('n-1', await deviceProof(stranger, { nonce: 'n-1', tkt: ticket.id, iat })).catch(
        (error: { detail: string }) => error.detail,
      ),
      await redeem('n-1', await deviceProof(device.keys, { nonce: 'n-2', tkt: ticket.id, iat })).catch(
        (error: { detail: string }) => error.detail,
      ),
      await redeem('n-1', await deviceProof(device.keys, { nonce: 'n-1', tkt: 'tkt_other', iat })).catch(
        (error: { detail: string }) => error.detail,
      ),
      await redeem(
        'n-1',
        await deviceProof(device.keys, { nonce: 'n-1', tkt: ticket.id, iat: iat - DEVICE_PROOF_FRESHNESS.ageSecondsMax - 1 }),
      ).catch((error: { detail: string }) => error.detail),
      await redeem('n-1', await deviceProof(device.keys, { nonce: 'n-1', tkt: ticket.id, iat }, 'dpop+jwt')).catch(
        (error: { detail: string }) => error.detail,
      ),
    ];
    const stringIat = await new SignJWT({ nonce: 'n-1', tkt: ticket.id, iat: String(iat) } as Record<string, unknown>)
      .setProtectedHeader({ alg: 'ES256', typ: DEVICE_PROOF_TYPE })
      .sign(device.keys.privateKey);
    wrong.push(await redeem('n-1', stringIat).catch((error: { detail: string }) => error.detail));
    const critical = await rawEs256Jws(
      device.keys,
      { alg: 'ES256', typ: DEVICE_PROOF_TYPE, crit: ['x-unknown'], 'x-unknown': 1 },
      { nonce: 'n-1', tkt: ticket.id, iat },
    );
    wrong.push(await redeem('n-1', critical).catch((error: { detail: string }) => error.detail));
    const right = await redeem('n-1', await deviceProof(device.keys, { nonce: 'n-1', tkt: ticket.id, iat }));

    expect(wrong).toEqual([
      expect.stringContaining('needs a proof'),
      expect.stringContaining('not signed by the device'),
      expect.stringContaining('another redeem'),
      expect.stringContaining('another ticket'),
      `The device proof is refused: its iat is ${DEVICE_PROOF_FRESHNESS.ageSecondsMax + 1} s old, and it must be at most ${DEVICE_PROOF_FRESHNESS.ageSecondsMax} s old and at most ${DEVICE_PROOF_FRESHNESS.clockSkewSeconds} s in the future; the device makes a new proof for every redeem.`,
      expect.stringContaining('typ must be'),
      expect.stringContaining('its iat claim is not valid'),
      'The device proof is refused: its crit header names x-unknown, and kippu supports no critical header (RFC 7515 §4.1.11).',
    ]);
    expect(right.remaining).toEqual({ uses: 4 });
  });

  it('refuse a replayed proof with another nonce, and answer the same proof and nonce with the first answer', async () => {
    const world = makeRightsWorld();
    const { ticket, device, asProvider } = await boundScene(world);
    const proof = await deviceProof(device.keys, { nonce: 'n-1', tkt: ticket.id, iat: world.nowSeconds() });
    const first = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n-1', proof });
    world.clock.advanceSeconds(DEVICE_PROOF_FRESHNESS.ageSecondsMax * 2);

    const retried = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n-1', proof });
    const replayed = redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n-2', proof });

    expect(retried).toEqual(first);
    await expect(replayed).rejects.toMatchObject({ code: 'DEVICE_PROOF_INVALID' });
    expect((await world.store.read(ticket.id))?.allowance.usesLeft).toBe(4);
  });
});

describe('content keys', () => {
  it('reach the bound device as a JWE that its private key opens and no other key does', async () => {
    const world = makeRightsWorld();
    const { ticket, device, contentKey, asProvider } = await boundScene(world);
    const proof = await deviceProof(device.keys, { nonce: 'n-1', tkt: ticket.id, iat: world.nowSeconds() });

    const answer = await redeemTicket(world.redeemDeps, asProvider, ticket.id, { nonce: 'n-1', proof });
    const jwe = String(answer.contentKey);
    // The device opens it with the private half of the key it signs proofs with, used for ECDH.
    const devicePrivateKey = await importJWK(await exportJWK(device.keys.privateKey), 'ECDH-ES');
    const opened = await compactDecrypt(jwe, devicePrivateKey);
    const other = await generateKeyPair('ECDH-ES', { crv: 'P-256' });

    expect(decodeProtectedHeader(jwe)).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', kid: device.record.jkt });
    expect(Buffer.from(opened.plaintext)).toEqual(Buffer.from(contentKey));
    await expect(compactDecrypt(jwe, other.privateKey)).rejects.toThrow();
    expect(JSON.stringify(world.store.events)).not.toContain(Buffer.from(contentKey).toString('base64url'));
  });
});
