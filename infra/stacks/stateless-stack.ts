import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { functionList, functions, type FunctionDefinition } from '../../shared/resources/functions';
import { ticketSigningKey } from '../../shared/resources/keys';
import { routes } from '../../shared/resources/routes';
import { grantTableAccess, keyAccessStatement } from '../constructs/grants';
import { KippuApi } from '../constructs/kippu-api';
import { KippuAuth } from '../constructs/kippu-auth';
import { KippuFunction } from '../constructs/kippu-function';
import { functionEntry } from '../constructs/paths';

/** Read by functions/jwks-get: retired signing keys whose public halves are still served. */
export const TICKET_VERIFY_KEY_IDS_ENV = 'KIPPU_TICKET_VERIFY_KEY_IDS';

export interface StatelessStackProps extends StackProps {
  readonly stage: string;
  /** Every declared table by declaration id, from the stateful stack. */
  readonly tables: ReadonlyMap<string, ITable>;
  /** Every declared key by declaration id, from the stateful stack. */
  readonly keys: ReadonlyMap<string, IKey>;
  /**
   * ARNs of retired ticket signing keys during a manual rotation (see stateful-stack.ts):
   * functions that read the signing key's public half may also read these, and get them in
   * KIPPU_TICKET_VERIFY_KEY_IDS.
   */
  readonly ticketVerifyKeyArns: readonly string[];
  /** Where the hosted sign-in may send customers back to. */
  readonly customerCallbackUrls: readonly string[];
  readonly authDomainPrefix?: string;
}

/** `ticket-create` -> `TicketCreate`, for construct ids. */
const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

const required = <T>(map: ReadonlyMap<string, T>, id: string, what: string): T => {
  const value = map.get(id);
  if (value === undefined) throw new Error(`${what} ${id} is declared in shared/resources but missing from the stateful stack`);
  return value;
};

/**
 * Everything that can be replaced by a deployment: one Lambda function per entry of
 * `functionList`, the REST API built from `routes`, Cognito, and alarms. Driven entirely by
 * the declarations in shared/resources; a new function or route needs no change here.
 *
 * Permissions come only from each function's declaration: a table with access `read`,
 * `write` or `readWrite` gets CDK's matching table grant (indexes included, and the data
 * key's actions that access needs because the tables are encrypted with it); a key gets one
 * statement with exactly the listed KMS actions on that key's ARN. Nothing else is granted
 * beyond writing the function's own log group and sending X-Ray traces.
 *
 * The local development token issuer (scripts/local, POST /local/token) is not declared in
 * shared/resources and nothing here imports it, so it can never be deployed.
 */
export class StatelessStack extends Stack {
  readonly api: KippuApi;
  readonly auth: KippuAuth;
  /** Every declared function by its name. */
  readonly functions: ReadonlyMap<string, KippuFunction>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);

    this.auth = new KippuAuth(this, 'Auth', {
      stage: props.stage,
      customerCallbackUrls: props.customerCallbackUrls,
      ...(props.authDomainPrefix === undefined ? {} : { domainPrefix: props.authDomainPrefix }),
    });
    this.api = new KippuApi(this, 'Api', {
      stage: props.stage,
      userPool: this.auth.userPool,
      authorizationScopes: this.auth.roleScopes,
    });

    const created = new Map<string, KippuFunction>();
    for (const definition of functionList) {
      created.set(definition.name, this.addFunction(definition, props));
    }
    this.functions = created;

    for (const route of routes) {
      const handler = required(created, functions[route.functionId].name, 'function');
      this.api.addRoute(route, handler.function);
    }
  }

  private addFunction(definition: FunctionDefinition, props: StatelessStackProps): KippuFunction {
    const environment: Record<string, string> = {
      KIPPU_STAGE: props.stage,
      KIPPU_ISSUER: this.api.baseUrl,
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const { table } of definition.tables) {
      environment[table.envVar] = required(props.tables, table.id, 'table').tableName;
    }
    for (const { key } of definition.keys) {
      environment[key.envVar] = required(props.keys, key.id, 'key').keyArn;
    }
    const readsSigningPublicKey = definition.keys.some(
      ({ key, access }) => key.id === ticketSigningKey.id && access.includes('getPublicKey'),
    );
    if (readsSigningPublicKey && props.ticketVerifyKeyArns.length > 0) {
      environment[TICKET_VERIFY_KEY_IDS_ENV] = props.ticketVerifyKeyArns.join(',');
    }

    const kippuFunction = new KippuFunction(this, pascal(definition.name), {
      name: definition.name,
      stage: props.stage,
      description: definition.description,
      entry: functionEntry(definition.name),
      timeoutSeconds: definition.timeoutSeconds,
      memoryMegabytes: definition.memoryMegabytes,
      environment,
    });
    const role = kippuFunction.role;

    for (const { table, access } of definition.tables) {
      grantTableAccess(required(props.tables, table.id, 'table'), role, access);
    }
    for (const { key, access } of definition.keys) {
      role.addToPrincipalPolicy(keyAccessStatement(`${pascal(key.id)}Key`, required(props.keys, key.id, 'key'), access));
    }
    if (readsSigningPublicKey && props.ticketVerifyKeyArns.length > 0) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RetiredTicketSigningKeys',
          actions: ['kms:GetPublicKey'],
          resources: [...props.ticketVerifyKeyArns],
        }),
      );
    }

    if (definition.tables.length > 0) {
      NagSuppressions.addResourceSuppressions(
        role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "CDK's DynamoDB grants cover the table's global secondary indexes as <table arn>/index/*, so queries on any declared index work; the grant stays within the declared table.",
            appliesTo: [{ regex: '/^Resource::.+\\/index\\/\\*$/g' }],
          },
        ],
        true,
      );
    }
    if (definition.tables.some(({ access }) => access !== 'read')) {
      NagSuppressions.addResourceSuppressions(
        role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "CDK's DynamoDB write grants on a table encrypted with the customer managed data key add kms:GenerateDataKey* and kms:ReEncrypt* on that one key, which DynamoDB needs to encrypt items; the resource is the data key only.",
            appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
          },
        ],
        true,
      );
    }
    return kippuFunction;
  }
}
