import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StatementBuild } from '../../domain/billing/build-state';
import type { StalledBuilds } from '../../domain/billing/ports';

/** A period's builds in the byParty index, by the time each last moved. */
export const buildsPartition = (period: string): string => `BUILDS#${period}`;
export const buildSortKey = (movedAtMs: number, statementId: string): string =>
  `${String(movedAtMs).padStart(15, '0')}#${statementId}`;

/**
 * The builds of statements built across messages that stopped moving (domain/billing/ports.ts,
 * StalledBuilds), for the run nudge: each build record is in the byParty index under
 * `BUILDS#<period>`, sorted by when it last moved (DynamoStatementWriter.advanceBuild), so one
 * Query reads the longest stalled first. The index is eventually consistent: a build that moved a
 * moment ago may still be listed, and gets a continuation it did not need (a duplicate does at
 * most one step twice, which a build tolerates).
 */
export class DynamoStalledBuilds implements StalledBuilds {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async stalledBuilds(period: string, movedByMs: number, limit: number): Promise<readonly StatementBuild[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byParty',
        KeyConditionExpression: 'partyPk = :builds AND partySk < :before',
        ExpressionAttributeValues: { ':builds': buildsPartition(period), ':before': buildSortKey(movedByMs + 1, '') },
        Limit: limit,
      }),
    );
    return (answer.Items ?? []).map((item) => JSON.parse(item['state'] as string) as StatementBuild);
  }
}
