import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../schema.ts';

/** Table types of the publication module (issue 8 item 1); merged into `DB` in ../schema.ts, checked by store.test.ts. */
export interface PublicationTables {
  publication: PublicationTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type PublicationStatus = 'draft' | 'published' | 'superseded' | 'discarded';

export interface PublicationTable {
  id: Generated<number>;
  region_code: string;
  period: string;
  version: number;
  status: PublicationStatus;
  content: ColumnType<unknown, string, string>;
  content_sha256: string;
  correction_note: Nullable<string>;
  prepared_by: number;
  prepared_by_name: string;
  prepared_at: Timestamp;
  reviewed_by: Nullable<number>;
  reviewed_by_name: Nullable<string>;
  reviewed_at: Timestamp | null;
  review_note: Nullable<string>;
  superseded_by: Nullable<number>;
}
