import { describe, expect, it } from 'vitest';
import { declaredResources } from '../../infra/constructs/declarations';
import { nagFindings, resourcesOf, synthesizeSynthetic, topLevelStacksOf } from './fixture';
import { describeAlarmActions } from './suites/alarm-actions';

/**
 * The real declarations with the context switches the shared fixture does not use: no
 * `alarmEmail` and `-c waf=false`. Bundling is skipped (functions run a stand-in module), so
 * this synthesizes in seconds.
 */
const fixture = synthesizeSynthetic(declaredResources, { waf: 'false' });

describeAlarmActions('without an alarm e-mail and without WAF', fixture);

describe('context switches', () => {
  it('subscribes nobody to the alarm topic when alarmEmail is unset', () => {
    expect(fixture.settings.alarmEmail).toBeUndefined();
    expect(Object.keys(resourcesOf(fixture.statefulTemplate, 'AWS::SNS::Subscription'))).toEqual([]);
    expect(Object.keys(resourcesOf(fixture.statefulTemplate, 'AWS::SNS::Topic'))).toHaveLength(1);
  });

  it('builds no web ACL with -c waf=false, and says why in the cdk-nag suppression on the stage', () => {
    expect(resourcesOf(fixture.statelessTemplate, 'AWS::WAFv2::WebACL')).toEqual({});
    expect(resourcesOf(fixture.statelessTemplate, 'AWS::WAFv2::WebACLAssociation')).toEqual({});
    const [stage] = Object.values(resourcesOf(fixture.statelessTemplate, 'AWS::ApiGateway::Stage'));
    const rules = (stage?.Metadata?.['cdk_nag'] as { rules_to_suppress: { id: string; reason: string }[] }).rules_to_suppress;
    expect(rules.find((rule) => rule.id === 'AwsSolutions-APIG3')?.reason).toMatch(/waf=false/);
  });

  it.each(topLevelStacksOf(fixture).map((stack) => [stack.stackName, stack] as const))(
    'still passes cdk-nag AwsSolutions in %s',
    (_name, stack) => {
      expect(nagFindings(fixture, stack)).toEqual([]);
    },
  );

  it('draws no WAF graph on the dashboard', () => {
    const [dashboard] = Object.values(resourcesOf(fixture.monitoringTemplate, 'AWS::CloudWatch::Dashboard'));
    expect(JSON.stringify(dashboard?.Properties?.['DashboardBody'])).not.toContain('AWS/WAFV2');
  });
});
