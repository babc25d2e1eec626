import { PolicyDocument, Role, type AddToPrincipalPolicyResult, type PolicyStatement, type RoleProps } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** The name of the one inline policy that holds every statement added to the role. */
export const INLINE_POLICY_NAME = 'Access';

/**
 * A role whose permissions live in the role itself: every statement added to it, by kippu's
 * grants or by CDK's (X-Ray tracing, an SQS event source), goes into one inline policy on
 * the AWS::IAM::Role instead of a separate AWS::IAM::Policy resource (CDK's DefaultPolicy).
 * Both are inline policies of the role to IAM (the same 10,240 character budget); this saves
 * one CloudFormation resource per function and lets drift detection see the permissions
 * (AWS::IAM::Policy supports none).
 *
 * Only for roles that refer to nothing which refers back to them: a role whose policy names a
 * function that carries the role's ARN (the one-time scheduler role) must keep a separate
 * policy, or the role and the function would wait for each other.
 */
export class InlinePolicyRole extends Role {
  private readonly access: PolicyDocument;

  constructor(scope: Construct, id: string, props: Omit<RoleProps, 'inlinePolicies'>) {
    const access = new PolicyDocument();
    super(scope, id, { ...props, inlinePolicies: { [INLINE_POLICY_NAME]: access } });
    this.access = access;
    // IAM refuses a policy without statements.
    this.node.addValidation({
      validate: () => (access.isEmpty ? [`${this.node.path} has no permission at all; its inline policy would be empty`] : []),
    });
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.access.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}
