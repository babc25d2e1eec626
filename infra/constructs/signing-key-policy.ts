import { Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { FunctionDefinition } from '../../shared/resources/functions';
import type { KeyDefinition } from '../../shared/resources/keys';
import { functionRoleName } from './kippu-function';

/**
 * What the account may do with a signing key through IAM policies: administer it (the list
 * AWS's own default policy gives key administrators) and read its public half, but not sign.
 */
const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

/** The names of the declared functions that may sign with a key (those that declare `sign` on it). */
export const signerFunctionNames = (key: KeyDefinition, functionList: readonly FunctionDefinition[]): string[] =>
  functionList
    .filter((definition) => definition.keys.some((use) => use.key.id === key.id && use.access.includes('sign')))
    .map((definition) => definition.name);

/** `arn:<partition>:iam::<account>:role/<name>`, built from the name: no reference to the role. */
const roleArnFromName = (scope: Construct, roleName: string): string =>
  Stack.of(scope).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: roleName });

/**
 * The key policy of a signing key: whoever holds `kms:Sign` on the ticket signing key can mint
 * tickets, dockets and revocation lists that every provider accepts, so the key policy itself
 * names the roles that may sign, instead of the default statement that lets IAM policies give
 * any principal of the account any action on the key.
 *
 * - KeyAdministration: the account (through IAM) may administer the key and read its public
 *   half, but the list has no kms:Sign.
 * - SignOnlyDeclaredSigners: kms:Sign through IAM, only for the execution roles of the
 *   functions whose declaration lists `sign` on this key.
 * - DenySignToEveryoneElse: an explicit deny of kms:Sign for every other principal. It is what
 *   makes the list hold: an explicit deny also overrides KMS grants (kms:CreateGrant is an
 *   administration action) and any statement a later edit might add.
 *
 * The roles are named, not referenced, in an `aws:PrincipalArn` condition (the role ARN,
 * which is what a Lambda function's assumed-role session presents). The roles live in the
 * stateless stack, which depends on this one for the key: a reference from here to them would
 * be a dependency cycle, and KMS refuses a policy whose Principal names a role that does not
 * exist yet, which on a first deploy they do not. A condition is evaluated at request time,
 * so the policy is valid before the roles exist and keeps working when a role is replaced
 * under the same name (functionRoleName fixes every function role's name).
 */
export const signingKeyPolicy = (scope: Construct, stage: string, signerNames: readonly string[]): PolicyDocument => {
  const signerArns = signerNames.map((name) => roleArnFromName(scope, functionRoleName(stage, name)));
  const statements = [
    new PolicyStatement({
      sid: 'KeyAdministration',
      principals: [new AccountRootPrincipal()],
      actions: [...KEY_ADMINISTRATION_ACTIONS],
      resources: ['*'],
    }),
  ];
  if (signerArns.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'SignOnlyDeclaredSigners',
        principals: [new AccountRootPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:PrincipalArn': signerArns } },
      }),
    );
  }
  statements.push(
    new PolicyStatement({
      sid: 'DenySignToEveryoneElse',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:Sign'],
      resources: ['*'],
      ...(signerArns.length > 0 ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': signerArns } } } : {}),
    }),
  );
  return new PolicyDocument({ statements });
};

/** The names of the declared functions that may decrypt under a key's confined purpose (those that declare `decrypt` for it). */
export const purposeOpenerFunctionNames = (
  key: KeyDefinition,
  purpose: string,
  functionList: readonly FunctionDefinition[],
): string[] =>
  functionList
    .filter((definition) =>
      definition.keys.some((use) => use.key.id === key.id && use.purpose === purpose && use.access.includes('decrypt')),
    )
    .map((definition) => definition.name);

/** What a principal could do to read a ciphertext: decrypt it, or re-encrypt it under a context or key it controls. */
const OPENING_ACTIONS = ['kms:Decrypt', 'kms:ReEncrypt*'] as const;

/**
 * The key policy of a symmetric key with confined purposes (the data key): the account's IAM
 * policies decide who may use it, as with CDK's default policy (AccountDelegatesToIam), so
 * DynamoDB, SQS and SNS work with the grants their callers hold; but a ciphertext made under
 * a confined purpose (`kippu:purpose = delegated-signing-key`: a delegated signing key's
 * private half) opens only for the functions that declare `decrypt` for that purpose. One
 * Deny statement per purpose refuses kms:Decrypt and kms:ReEncrypt* under that encryption
 * context to every other principal, which also overrides IAM policies (the table grants every
 * reader of the core table holds) and KMS grants. As for the signing key, the roles are named
 * in an `aws:PrincipalArn` condition, not referenced (see signingKeyPolicy).
 */
export const confinedKeyPolicy = (
  scope: Construct,
  stage: string,
  confined: readonly { readonly purpose: string; readonly openerNames: readonly string[] }[],
  purposeContextKey: string,
): PolicyDocument => {
  const statements = [
    new PolicyStatement({
      sid: 'AccountDelegatesToIam',
      principals: [new AccountRootPrincipal()],
      actions: ['kms:*'],
      resources: ['*'],
    }),
  ];
  for (const { purpose, openerNames } of confined) {
    const openerArns = openerNames.map((name) => roleArnFromName(scope, functionRoleName(stage, name)));
    statements.push(
      new PolicyStatement({
        sid: `OpenOnlyByDeclaredFunctions${purpose.replace(/(?:^|-)([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase())}`,
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: [...OPENING_ACTIONS],
        resources: ['*'],
        conditions: {
          StringEquals: { [`kms:EncryptionContext:${purposeContextKey}`]: purpose },
          ...(openerArns.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': openerArns } } : {}),
        },
      }),
    );
  }
  return new PolicyDocument({ statements });
};
