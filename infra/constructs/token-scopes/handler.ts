import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { ROLES, isRole, type Role } from '../../../shared/domain/principal';

/**
 * Cognito pre token generation trigger (event version V2) for user pool users.
 *
 * The API's Cognito authorizer checks OAuth scopes, so every caller must present an access
 * token carrying one `kippu/<role>` scope. Client-credentials tokens get that scope from their
 * app client. Users signing in with SRP or a password would only get
 * `aws.cognito.signin.user.admin`, so this trigger adds exactly one role scope, taken from the
 * `custom:role` attribute (which no app client may write; operators set it with the admin API)
 * and `customer` when it is unset: whoever signs themselves up is a customer. Every other role
 * scope is removed, so a user can never hold a role by asking for its scope. `custom:subject`,
 * when set, is copied into the access token so the handlers see the same subject as in the ID
 * token. A `custom:role` value that is not a known role yields no role scope at all, and the
 * API then refuses the token.
 *
 * Client-credentials tokens never reach a V2 trigger (only V3 covers machine-to-machine).
 */
export const ROLE_SCOPE_PREFIX = 'kippu/';
const DEFAULT_USER_ROLE: Role = 'customer';

export interface AccessTokenOverrides {
  readonly scopesToAdd: string[];
  readonly scopesToSuppress: string[];
  readonly claimsToAddOrOverride: Record<string, string>;
}

export const accessTokenOverrides = (userAttributes: Readonly<Record<string, string>>): AccessTokenOverrides => {
  const roleAttribute = userAttributes['custom:role'];
  const role = roleAttribute === undefined || roleAttribute === '' ? DEFAULT_USER_ROLE : roleAttribute;
  const grantedRole = isRole(role) ? role : undefined;
  const subject = userAttributes['custom:subject'];
  return {
    scopesToAdd: grantedRole === undefined ? [] : [`${ROLE_SCOPE_PREFIX}${grantedRole}`],
    scopesToSuppress: ROLES.filter((other) => other !== grantedRole).map((other) => `${ROLE_SCOPE_PREFIX}${other}`),
    claimsToAddOrOverride: subject === undefined || subject === '' ? {} : { 'custom:subject': subject },
  };
};

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const overrides = accessTokenOverrides(event.request.userAttributes);
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: {
        scopesToAdd: overrides.scopesToAdd,
        scopesToSuppress: overrides.scopesToSuppress,
        claimsToAddOrOverride: overrides.claimsToAddOrOverride,
      },
    },
  };
  return event;
};
