import { request } from './http.ts';
import type { Page } from './common.types.ts';
import type { Publication, PublicationListItem, PublicationStatus, PublicRelease, ReleaseMeta } from './publication.types.ts';

/** GET /api/publications: every version in the caller's region. */
export function listPublications(query: { regionCode?: string; period?: string; status?: PublicationStatus; page?: number; pageSize?: number }): Promise<Page<PublicationListItem>> {
  return request('/api/publications', { query });
}

export function getPublication(id: number): Promise<Publication> {
  return request(`/api/publications/${id}`);
}

/** POST /api/publications: the figures are computed now and frozen in a draft. */
export function preparePublication(input: { regionCode: string; period: string; correctionNote?: string }): Promise<Publication> {
  return request('/api/publications', { method: 'POST', body: input });
}

/** Approve exactly the figures reviewed (their SHA-256). */
export function approvePublication(id: number, contentSha256: string, note?: string): Promise<Publication> {
  return request(`/api/publications/${id}/approve`, { method: 'POST', body: { contentSha256, ...(note ? { note } : {}) } });
}

export function discardPublication(id: number, note: string): Promise<Publication> {
  return request(`/api/publications/${id}/discard`, { method: 'POST', body: { note } });
}

/** GET /api/public/releases (no login). */
export function listPublicReleases(query: { regionCode?: string; period?: string; page?: number; pageSize?: number } = {}): Promise<Page<ReleaseMeta>> {
  return request('/api/public/releases', { query, anonymous: true });
}

export function getPublicRelease(id: number): Promise<PublicRelease> {
  return request(`/api/public/releases/${id}`, { anonymous: true });
}

export interface PublicCreditFile {
  creditCode: string;
  name: string;
  type: string;
  score: number;
  grade: 'A' | 'B' | 'C' | 'D';
  events: { kind: string; summary: string; points: number; occurredOn: string; publishedAt: string }[];
}

/** GET /api/public/credit/orgs/:creditCode (no login): the grade and the published events only. */
export function getPublicCredit(creditCode: string): Promise<PublicCreditFile> {
  return request(`/api/public/credit/orgs/${encodeURIComponent(creditCode)}`, { anonymous: true });
}
