import type { ContentQuery, ContentRecord, ContentStore } from '../../domain/contents/ports';
import { offerMatches } from '../../domain/offers/offers';
import type { Page } from '../../domain/page';
import { newestFirstPage } from './newest-first';
import { putIfAbsent } from './records';

/** Contents in memory, newest first, with the DynamoDB store's rules (create once, INVALID_CURSOR). */
export class MemoryContentStore implements ContentStore {
  private readonly contents = new Map<string, ContentRecord>();

  async create(record: ContentRecord): Promise<ContentRecord> {
    return putIfAbsent(this.contents, record).stored;
  }

  async get(id: string): Promise<ContentRecord | undefined> {
    return this.contents.get(id);
  }

  async list(query: ContentQuery): Promise<Page<ContentRecord>> {
    const matching = [...this.contents.values()].filter((content) => offerMatches(content, query.keywords));
    return newestFirstPage(matching, 'contents', query.limit, query.cursor);
  }
}
