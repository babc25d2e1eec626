import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError, assert } from '../../errors';
import type { IdentityProvider, MachineClient, NewUser, SignedIn, UserIdentity } from '../../domain/identity/ports';
import type { Role } from '../../domain/principal';
import { userEmailRefused } from '../../domain/identity/email';
import { ACCESS_TOKEN_VALIDITY_MINUTES, passwordPolicyIssues, roleScope, USER_EMAIL_PATTERN } from '../../resources/identity';

interface StoredUser extends UserIdentity {
  readonly password: string | undefined;
}

/**
 * The identity port in memory, for unit tests: the same answers as the Cognito adapter (an
 * existing user is returned untouched, the password policy is enforced, a wrong password or
 * an unknown e-mail signs nobody in, deleting a gone client succeeds).
 */
export class MemoryIdentityProvider implements IdentityProvider {
  readonly users = new Map<string, StoredUser>();
  readonly clients = new Map<string, { readonly name: string; readonly secret: string; readonly scope: string }>();
  /** Access tokens handed out, by token, with the claims a verifier would see. */
  readonly tokens = new Map<string, { readonly tokenId: string; readonly email: string }>();

  async createUser(user: NewUser): Promise<{ created: boolean; user: UserIdentity }> {
    // As the pool (it signs in by e-mail): a user name that is not an address it accepts is refused.
    if (!USER_EMAIL_PATTERN.test(user.email)) throw userEmailRefused();
    const existing = this.users.get(user.email);
    if (existing !== undefined) return { created: false, user: this.identity(existing) };
    this.users.set(user.email, { email: user.email, role: user.role, subject: user.subject, password: undefined });
    if (user.password !== undefined) await this.setPassword(user.email, user.password);
    return { created: true, user: { email: user.email, role: user.role, subject: user.subject } };
  }

  async findUser(email: string): Promise<UserIdentity | undefined> {
    const user = this.users.get(email);
    return user === undefined ? undefined : this.identity(user);
  }

  async setPassword(email: string, password: string): Promise<void> {
    const user = this.users.get(email);
    assert(user !== undefined, `no user ${email} to set a password for`);
    if (passwordPolicyIssues(password).length > 0) {
      throw new DomainError('PASSWORD_REJECTED', 'The password does not meet the password policy.', [
        { field: 'password', message: 'is refused by the password policy' },
      ]);
    }
    this.users.set(email, { ...user, password });
  }

  async signIn(email: string, password: string): Promise<SignedIn | undefined> {
    const user = this.users.get(email);
    if (user?.password === undefined || user.password !== password) return undefined;
    const accessToken = randomBytes(24).toString('base64url');
    const tokenId = randomUUID();
    this.tokens.set(accessToken, { tokenId, email });
    return {
      accessToken,
      expiresInSeconds: ACCESS_TOKEN_VALIDITY_MINUTES * 60,
      tokenId,
      role: user.role,
      subject: user.subject,
    };
  }

  async createMachineClient(name: string, role: Role): Promise<MachineClient> {
    assert(role !== 'customer', 'machine clients act as provider, agent or operator');
    const clientId = randomBytes(13).toString('hex');
    const client = { name, secret: randomBytes(32).toString('base64url'), scope: roleScope(role) };
    this.clients.set(clientId, client);
    return { clientId, clientSecret: client.secret, scope: client.scope };
  }

  async deleteMachineClient(clientId: string): Promise<void> {
    this.clients.delete(clientId);
  }

  private identity(user: StoredUser): UserIdentity {
    return { email: user.email, role: user.role, subject: user.subject };
  }
}
