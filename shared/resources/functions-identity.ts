import { apiFunction, backgroundFunction, grants, listCursors, type FunctionDefinition } from './function-definition';
import { REGISTRATION_PASSWORD_CONTEXT, dataKey } from './keys';
import { coreTable, ledgerTable } from './tables';

/**
 * The identity functions (docs/identity.md): registrations, sessions, devices and device
 * pairs, machine credentials, operators. Part of `functions` (shared/resources/functions.ts).
 */
export const identityFunctions = {
  registrationCreate: apiFunction('registration-create', 'Register a customer provisionally and e-mail the code', {
    tables: grants('readWrite', coreTable),
    // Seals the password until the confirm; the data key also encrypts the table.
    keys: [{ key: dataKey, access: ['encrypt'], context: REGISTRATION_PASSWORD_CONTEXT }],
    identity: ['readUsers'],
    mail: true,
  }),
  registrationConfirm: apiFunction('registration-confirm', 'Confirm a registration: customer, Cognito user, first device', {
    tables: [
      { table: coreTable, access: 'readWrite' },
      // Opens the customer's wallet.
      { table: ledgerTable, access: 'readWrite' },
    ],
    // Opens the password sealed by registration-create, and nothing else of the data key's.
    keys: [{ key: dataKey, access: ['decrypt'], context: REGISTRATION_PASSWORD_CONTEXT }],
    identity: ['manageUsers'],
  }),
  registrationExpire: backgroundFunction(
    'registration-expire',
    'Scheduled: expire the provisional registrations whose time ran out',
    60,
    {
      tables: grants('readWrite', coreTable),
    },
  ),
  sessionCreate: apiFunction('session-create', 'Sign a customer in from a registered device (DPoP proof)', {
    tables: grants('readWrite', coreTable),
    identity: ['signIn'],
  }),
  // One function per resource family: the same permissions, fewer resources in the stack.
  deviceManage: apiFunction('device-manage', "The calling customer's devices and device pairs: create, list, remove", {
    tables: grants('readWrite', coreTable),
    keys: [listCursors],
  }),
  credentialsManage: apiFunction(
    'credentials-manage',
    'Machine credentials (app clients) of providers and agents: create, remove',
    {
      tables: grants('readWrite', coreTable),
      identity: ['manageClients'],
    },
  ),
  operatorCreate: apiFunction('operator-create', 'Give an operator a user identity (Cognito invitation)', {
    // Reads the addresses' claims of registrations; stores Idempotency-Key answers.
    tables: grants('readWrite', coreTable),
    // Cognito invites the operator, who sets the password: no AdminSetUserPassword.
    identity: ['inviteUsers'],
  }),
} as const satisfies Record<string, FunctionDefinition>;
