import { ArnFormat, Stack, type IAspect } from 'aws-cdk-lib';
import { Alarm, CompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

/** Every kippu alarm's name starts with this, which the topic policy relies on. */
export const alarmNamePrefix = (stage: string): string => `kippu-${stage}-`;
export const alarmTopicName = (stage: string): string => `kippu-${stage}-alarms`;

export interface AlarmTopicProps {
  readonly stage: string;
  /** The customer managed key the topic is encrypted with. */
  readonly key: IKey;
  /** Where alarm notifications go (the `alarmEmail` context value); none when unset. */
  readonly email?: string;
}

/**
 * The SNS topic every kippu alarm notifies, on ALARM and on OK. It lives in the stateful stack
 * because its subscriptions must outlive deployments: an e-mail subscription is only active
 * once its recipient has confirmed it, and replacing the topic would silently drop it.
 *
 * Encrypted with the data key (SNS's AWS managed key cannot be used: CloudWatch may not use
 * it, and its policy cannot be changed), TLS-only, and published to only by CloudWatch alarms
 * of this account whose names carry the stage prefix. CloudWatch publishes as the service
 * principal, so the data key's policy lets cloudwatch.amazonaws.com generate and decrypt data
 * keys, the statement AWS documents for alarms on encrypted topics; the topic policy is what
 * bounds which alarms may publish.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'Topic', {
      topicName: alarmTopicName(props.stage),
      displayName: `kippu ${props.stage} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisStage',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${alarmNamePrefix(props.stage)}*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));
  }
}

/**
 * Gives every CloudWatch alarm in the scope it is applied to an action on the alarm topic,
 * for ALARM and for OK, so that no alarm can be added that nobody hears.
 */
export class AlarmActions implements IAspect {
  private readonly action: SnsAction;
  /** Every synthesis of the app runs the aspects again (assertions synthesize once more). */
  private readonly done = new WeakSet<IConstruct>();

  constructor(topic: ITopic) {
    this.action = new SnsAction(topic);
  }

  visit(node: IConstruct): void {
    if ((node instanceof Alarm || node instanceof CompositeAlarm) && !this.done.has(node)) {
      this.done.add(node);
      node.addAlarmAction(this.action);
      node.addOkAction(this.action);
    }
  }
}
