import type { CfnResource } from 'aws-cdk-lib';

/** A cfn-lint rule that does not apply to one resource, and why (like a cdk-nag suppression). */
export interface CfnLintSuppression {
  /** The rule id, e.g. W3005. */
  readonly id: string;
  readonly reason: string;
}

interface CfnLintMetadata {
  readonly config: { readonly ignore_checks: readonly string[] };
  readonly reasons: Readonly<Record<string, string>>;
}

/**
 * Suppresses cfn-lint rules on one resource through cfn-lint's resource metadata
 * (`Metadata.cfn-lint.config.ignore_checks`), with the reason for each next to it, where the
 * infra tests check that every suppression has one.
 */
export const suppressCfnLint = (resource: CfnResource, suppressions: readonly CfnLintSuppression[]): void => {
  const existing = resource.getMetadata('cfn-lint') as CfnLintMetadata | undefined;
  const reasons = { ...existing?.reasons, ...Object.fromEntries(suppressions.map(({ id, reason }) => [id, reason])) };
  const metadata: CfnLintMetadata = { config: { ignore_checks: Object.keys(reasons) }, reasons };
  resource.addMetadata('cfn-lint', metadata);
};
