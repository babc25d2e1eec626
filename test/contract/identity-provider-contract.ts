import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IdentityProvider } from '../../shared/domain/identity/ports';
import { PASSWORD_POLICY, passwordPolicyIssues } from '../../shared/resources/identity';
import { PASSWORD, uniqueEmail } from '../fixtures/identity';

/**
 * One behaviour suite for the identity port: the Cognito adapter against moto's cognito-idp
 * (test/integration/identity) and the in-memory fake (test/unit/identity), so the fake cannot
 * drift from Cognito.
 */
export const identityProviderContract = (name: string, makeProvider: () => Promise<IdentityProvider>) =>
  describe(`identity provider contract: ${name}`, () => {
    it('creates a user with its role and subject, and finds it by e-mail', async () => {
      // Prepare
      const provider = await makeProvider();
      const email = uniqueEmail('create');

      // Act
      const created = await provider.createUser({ email, role: 'customer', subject: 'cus_one', password: PASSWORD });
      const found = await provider.findUser(email);

      // Assess
      expect(created).toEqual({ created: true, user: { email, role: 'customer', subject: 'cus_one' } });
      expect(found).toEqual({ email, role: 'customer', subject: 'cus_one' });
      expect(await provider.findUser(uniqueEmail('nobody'))).toBeUndefined();
    });

    it('leaves an existing user as it is when the create is repeated or comes from someone else', async () => {
      // Prepare
      const provider = await makeProvider();
      const email = uniqueEmail('repeat');
      await provider.createUser({ email, role: 'customer', subject: 'cus_first', password: PASSWORD });

      // Act
      const again = await provider.createUser({ email, role: 'operator', subject: 'opr_second', password: `${PASSWORD}x` });

      // Assess
      expect(again).toEqual({ created: false, user: { email, role: 'customer', subject: 'cus_first' } });
      expect((await provider.signIn(email, PASSWORD))?.subject).toBe('cus_first');
      expect(await provider.signIn(email, `${PASSWORD}x`)).toBeUndefined();
    });

    it('refuses an address the pool does not take as a user name with 422 VALIDATION_FAILED naming email', async () => {
      // Prepare: an apostrophe passes a lenient e-mail check, not the pool's
      const provider = await makeProvider();
      const email = `o'${uniqueEmail('odd')}`;

      // Act
      const refusal = await provider.createUser({ email, role: 'operator', subject: 'opr_odd' }).catch((error: unknown) => error);

      // Assess
      expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'email' }] });
      expect(await provider.findUser(email)).toBeUndefined();
    });

    it('signs a user in with the password, naming the role, the subject and the token id', async () => {
      // Prepare
      const provider = await makeProvider();
      const email = uniqueEmail('sign-in');
      await provider.createUser({ email, role: 'customer', subject: 'cus_sign_in', password: PASSWORD });

      // Act
      const first = await provider.signIn(email, PASSWORD);
      const second = await provider.signIn(email, PASSWORD);

      // Assess
      expect(first).toMatchObject({ role: 'customer', subject: 'cus_sign_in' });
      expect(first?.accessToken.length).toBeGreaterThan(10);
      expect(first?.expiresInSeconds).toBeGreaterThan(0);
      expect(first?.tokenId).not.toBe(second?.tokenId);
    });

    it('signs nobody in with a wrong password or an unknown e-mail', async () => {
      // Prepare
      const provider = await makeProvider();
      const email = uniqueEmail('wrong');
      await provider.createUser({ email, role: 'customer', subject: 'cus_wrong', password: PASSWORD });

      // Act
      const wrongPassword = await provider.signIn(email, 'Another-password-9!');
      const unknown = await provider.signIn(uniqueEmail('unknown'), PASSWORD);

      // Assess
      expect(wrongPassword).toBeUndefined();
      expect(unknown).toBeUndefined();
    });

    it('changes the password, and refuses one the policy does not allow', async () => {
      // Prepare
      const provider = await makeProvider();
      const email = uniqueEmail('password');
      await provider.createUser({ email, role: 'customer', subject: 'cus_password', password: PASSWORD });

      // Act
      await provider.setPassword(email, 'Brand-new-secret-42');
      const weak = provider.setPassword(email, 'short');

      // Assess
      await expect(weak).rejects.toMatchObject({ code: 'PASSWORD_REJECTED' });
      expect(await provider.signIn(email, PASSWORD)).toBeUndefined();
      expect((await provider.signIn(email, 'Brand-new-secret-42'))?.subject).toBe('cus_password');
    });

    it('accepts exactly the passwords that kippu checks at registration (PASSWORD_POLICY), counting characters', async () => {
      // Prepare: lengths around both bounds, in plain letters and in characters of two UTF-16 units each
      const provider = await makeProvider();
      const email = uniqueEmail('policy');
      await provider.createUser({ email, role: 'customer', subject: 'cus_policy', password: PASSWORD });
      const { lengthMin, lengthMax } = PASSWORD_POLICY;
      const padded = (filler: string, length: number) => `Aa1!${filler.repeat(length - 4)}`;
      const samples = [
        ...[lengthMin - 1, lengthMin, 98, 99, 100, lengthMax - 1, lengthMax, lengthMax + 1].map((length) => padded('x', length)),
        ...[lengthMin - 1, lengthMin, lengthMax, lengthMax + 1].map((length) => padded('😀', length)),
        'Aa1 bcdefghij',
        'Aa1bcdefghijk',
        'Aa!bcdefghijk',
        'aa1!bcdefghij',
        'AA1!BCDEFGHIJ',
      ];

      // Act
      const accepted: string[] = [];
      for (const password of samples) {
        const outcome = await provider.setPassword(email, password).then(
          () => 'accepted',
          (error: unknown) => error,
        );
        if (outcome === 'accepted') accepted.push(password);
        else expect(outcome).toMatchObject({ code: 'PASSWORD_REJECTED' });
      }

      // Assess
      expect(accepted).toEqual(samples.filter((password) => passwordPolicyIssues(password).length === 0));
      expect(accepted).toContain(padded('x', lengthMax));
      expect(accepted).toContain(padded('😀', lengthMax));
    });

    it('creates a user without a password who cannot sign in until one is set', async () => {
      // Prepare
      const provider = await makeProvider();
      const email = uniqueEmail('invited');

      // Act
      const created = await provider.createUser({ email, role: 'operator', subject: 'opr_invited' });

      // Assess
      expect(created.user).toEqual({ email, role: 'operator', subject: 'opr_invited' });
      await provider.setPassword(email, PASSWORD);
      expect((await provider.signIn(email, PASSWORD))?.role).toBe('operator');
    });

    it('creates a client-credentials app client with a secret and one role scope, and deletes it twice without error', async () => {
      // Prepare
      const provider = await makeProvider();

      // Act
      const first = await provider.createMachineClient(`kippu-test-provider-${randomBytes(4).toString('hex')}`, 'provider');
      const second = await provider.createMachineClient(`kippu-test-agent-${randomBytes(4).toString('hex')}`, 'agent');
      await provider.deleteMachineClient(first.clientId);
      await provider.deleteMachineClient(first.clientId);

      // Assess
      expect(first.scope).toBe('kippu/provider');
      expect(second.scope).toBe('kippu/agent');
      expect(first.clientId).not.toBe(second.clientId);
      expect(first.clientSecret.length).toBeGreaterThanOrEqual(32);
    });
  });
