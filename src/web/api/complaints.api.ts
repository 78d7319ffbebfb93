import { request, send, type Query } from './http.ts';
import type {
  Complaint,
  ComplaintActionInput,
  ComplaintCreated,
  ComplaintCreateInput,
  ComplaintDetail,
  ComplaintQuery,
  ComplaintSummary,
  PublicReportInput,
  PublicReportStatus,
  RewardInput,
} from './complaints.types.ts';

/** POST /api/public/reports: 投诉举报 from the QR page (no login; rate-limited). */
export function submitPublicReport(input: PublicReportInput): Promise<{ trackingCode: string }> {
  return request('/api/public/reports', { method: 'POST', body: input, anonymous: true });
}

/** GET /api/public/reports/:trackingCode: status and countdowns; 404 carries a message to show. */
export function getPublicReport(trackingCode: string): Promise<PublicReportStatus> {
  return request(`/api/public/reports/${encodeURIComponent(trackingCode)}`, { anonymous: true });
}

/** GET /api/complaints: complaints in the caller's region, newest first. */
export function listComplaints(query: ComplaintQuery): Promise<{ items: Complaint[]; total: number }> {
  return request('/api/complaints', { query: query as Query });
}

export function getComplaintSummary(regionCode?: string): Promise<ComplaintSummary> {
  return request('/api/complaints/summary', { query: { regionCode } });
}

export function getComplaint(id: number): Promise<ComplaintDetail> {
  return request(`/api/complaints/${id}`);
}

/** POST /api/complaints: 201 with the tracking code to read out to the caller. */
export function createComplaint(input: ComplaintCreateInput): Promise<ComplaintCreated> {
  return request('/api/complaints', { method: 'POST', body: input });
}

export function actOnComplaint(id: number, input: ComplaintActionInput): Promise<ComplaintDetail> {
  return request(`/api/complaints/${id}/actions`, { method: 'POST', body: input });
}

export function decideReward(id: number, input: RewardInput): Promise<ComplaintDetail> {
  return request(`/api/complaints/${id}/reward`, { method: 'POST', body: input });
}

/** POST /api/complaints/:id/evidence: the file as the body (JPEG, PNG or PDF); the server hashes it. */
export function uploadEvidence(id: number, file: File, note?: string): Promise<ComplaintDetail> {
  return request(`/api/complaints/${id}/evidence`, { method: 'POST', query: { name: file.name, note }, body: file, headers: { 'Content-Type': file.type } });
}

/** Evidence bytes need the session token, so they are fetched and shown from a blob URL. */
export async function evidenceUrl(id: number, sha256: string): Promise<string> {
  const res = await send(`/api/complaints/${id}/evidence/${sha256}`, { headers: { Accept: '*/*' } });
  return URL.createObjectURL(await res.blob());
}
