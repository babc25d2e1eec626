import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/kippu';
import { deadLetterQueueName, queueName, settlementQueue } from '../../../shared/resources/queues';

/**
 * `kippu dlq redrive` in-process against the SQS emulator (moto), on queues of a stage of
 * its own named as the stacks name them (shared/resources/queues.ts).
 */
const sqs = new SQSClient({});
afterAll(() => sqs.destroy());

const kippu = async (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
};

const stageWithQueues = async () => {
  const stage = `dlq${randomBytes(4).toString('hex')}`;
  const create = async (name: string) => (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  const [source, deadLetter] = await Promise.all([
    create(queueName(stage, settlementQueue)),
    create(deadLetterQueueName(stage, settlementQueue)),
  ]);
  return { stage, source, deadLetter };
};

const waiting = async (url: string): Promise<number> => {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(answer.Attributes?.ApproximateNumberOfMessages);
};

const deadLetter = (url: string, purchaseId: string) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: JSON.stringify({ purchaseId }),
      MessageAttributes: { purchaseId: { DataType: 'String', StringValue: purchaseId } },
    }),
  );

describe('kippu dlq redrive', () => {
  it('moves every dead-lettered settlement message back to the settlement queue with its body and attributes', async () => {
    // Prepare
    const queues = await stageWithQueues();
    await deadLetter(queues.deadLetter, 'pur_1');
    await deadLetter(queues.deadLetter, 'pur_2');

    // Act
    const answer = await kippu('dlq', 'redrive', '--queue', 'settlement', '--stage', queues.stage);

    // Assess
    expect(answer).toEqual({
      code: 0,
      stdout: `Moved 2 message(s) from kippu-${queues.stage}-settlement-dlq to kippu-${queues.stage}-settlement.\n`,
      stderr: '',
    });
    expect(await waiting(queues.deadLetter)).toBe(0);
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.source, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }),
    );
    const moved = (received.Messages ?? []).map((message) => ({
      body: message.Body,
      purchaseId: message.MessageAttributes?.purchaseId?.StringValue,
    }));
    expect(moved.sort((a, b) => String(a.purchaseId).localeCompare(String(b.purchaseId)))).toEqual([
      { body: '{"purchaseId":"pur_1"}', purchaseId: 'pur_1' },
      { body: '{"purchaseId":"pur_2"}', purchaseId: 'pur_2' },
    ]);
  });

  it('a dry run says how many wait and where they would go, and moves nothing', async () => {
    // Prepare
    const queues = await stageWithQueues();
    await deadLetter(queues.deadLetter, 'pur_3');

    // Act
    const answer = await kippu('dlq', 'redrive', '--queue', 'settlement', '--stage', queues.stage, '--dry-run');

    // Assess
    expect(answer.code).toBe(0);
    expect(answer.stdout).toBe(
      `kippu-${queues.stage}-settlement-dlq holds about 1 message(s); a redrive moves them to kippu-${queues.stage}-settlement. Dry run: nothing moved.\n`,
    );
    expect(await waiting(queues.deadLetter)).toBe(1);
    expect(await waiting(queues.source)).toBe(0);
  });

  it('a stage without the queues is a usage error naming the queue', async () => {
    const answer = await kippu('dlq', 'redrive', '--queue', 'settlement', '--stage', 'nosuchstage');

    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/^kippu: Cannot find the queue kippu-nosuchstage-settlement/);
  });
});
