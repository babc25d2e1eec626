import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { problemTypeOf, titleOf } from '../../shared/http/problem';
import { SECURITY_HEADERS } from '../../shared/http/response';

/** WAF counts requests over this window (one of 60, 120, 300 or 600 seconds). */
const WAF_EVALUATION_WINDOW_SECONDS = 60;

export interface KippuWebAclProps {
  readonly stage: string;
  /** The API stage the web ACL protects. */
  readonly stageArn: string;
  /** The stage's steady-state throttle, from which the per-caller limits are derived. */
  readonly stageRequestsPerSecond: number;
}

/** The web ACL's name, which is also the WebACL dimension of its AWS/WAFV2 metrics. */
export const webAclName = (stage: string): string => `kippu-${stage}-api`;

/** Requests one caller (one Authorization header) may make per window: a fifth of the stage's rate. */
export const callerRequestsPerWindowMax = (stageRequestsPerSecond: number): number =>
  Math.floor((stageRequestsPerSecond * WAF_EVALUATION_WINDOW_SECONDS) / 5);

/** Requests one source address may make per window, whatever token it sends: half of the stage's rate. */
export const addressRequestsPerWindowMax = (stageRequestsPerSecond: number): number =>
  Math.floor((stageRequestsPerSecond * WAF_EVALUATION_WINDOW_SECONDS) / 2);

/**
 * The body WAF answers a rate-limited request with: the Problem schema's members, the `type`
 * and `title` of its code as kippu's other answers spell them, and a code every operation
 * declares (shared/errors.ts), but labelled application/json, because WAF can label a custom
 * body only text/plain, text/html or application/json and forbids a custom content-type
 * header; the OpenAPI document declares the 429 under that media type too. It carries the
 * security headers of every other answer (SECURITY_HEADERS).
 */
const THROTTLED_BODY_KEY = 'throttled';
const THROTTLED_BODY = JSON.stringify({
  type: problemTypeOf('THROTTLED'),
  title: titleOf('THROTTLED'),
  status: 429,
  code: 'THROTTLED',
  detail: 'Too many requests from this caller; slow down and retry later.',
});

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const managedRuleGroup = (
  priority: number,
  name: string,
  ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[],
): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ...(ruleActionOverrides === undefined ? {} : { ruleActionOverrides }),
    },
  },
  visibilityConfig: visibility(name),
});

const rateLimitRule = (
  priority: number,
  name: string,
  statement: Omit<CfnWebACL.RateBasedStatementProperty, 'evaluationWindowSec'>,
): CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: {
    block: {
      customResponse: {
        responseCode: 429,
        customResponseBodyKey: THROTTLED_BODY_KEY,
        responseHeaders: Object.entries(SECURITY_HEADERS).map(([name, value]) => ({ name, value })),
      },
    },
  },
  statement: { rateBasedStatement: { ...statement, evaluationWindowSec: WAF_EVALUATION_WINDOW_SECONDS } },
  visibilityConfig: visibility(name),
});

/**
 * An AWS WAF web ACL on the API stage (on by default; `-c waf=false` leaves it out):
 *
 * - AWS managed rule groups: the common rule set (OWASP-style probes, bad bots) and known bad
 *   inputs (Log4j and similar exploit patterns). The common set's SizeRestrictions_BODY rule
 *   blocks bodies over 8 KB; kippu accepts up to REQUEST_BODY_BYTES_MAX (64 KiB) and refuses
 *   larger ones itself with a 413 problem, so that rule only counts.
 * - Per-caller limit: a rate-based rule keyed on the Authorization header, so one token can
 *   use at most a fifth of the stage throttle (API Gateway's throttle is shared by every
 *   caller of the stage: without this, one busy client starves all others). The header is
 *   the token, which is per client and per sign-in; requests without it (the public routes)
 *   are not counted by this rule.
 * - Per-address limit: a rate-based rule on the source IP, so that minting many tokens, or
 *   hammering the public routes, from one address is bounded too (at half the stage rate, as
 *   many clients may share a NAT address).
 * Rate-limited requests get a 429 with a problem body. Limits are WAF's approximate counts
 * over a sliding window of WAF_EVALUATION_WINDOW_SECONDS.
 */
export class KippuWebAcl extends Construct {
  readonly webAcl: CfnWebACL;
  readonly association: CfnWebACLAssociation;
  /** The web ACL's name, which is also the WebACL dimension of its AWS/WAFV2 metrics. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: KippuWebAclProps) {
    super(scope, id);
    this.name = webAclName(props.stage);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.name,
      description: `kippu ${props.stage}: managed rule sets and per-caller rate limits on the REST API`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: { [THROTTLED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: THROTTLED_BODY } },
      rules: [
        rateLimitRule(0, 'PerCallerRateLimit', {
          limit: callerRequestsPerWindowMax(props.stageRequestsPerSecond),
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
        }),
        rateLimitRule(1, 'PerAddressRateLimit', {
          limit: addressRequestsPerWindowMax(props.stageRequestsPerSecond),
          aggregateKeyType: 'IP',
        }),
        managedRuleGroup(2, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managedRuleGroup(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
      visibilityConfig: visibility(this.name),
    });
    this.association = new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
