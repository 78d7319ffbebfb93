import { request, type Query } from './http.ts';
import type { OldElevator, OldElevatorQuery, OldSummary, Ranking, RankingQuery, RecomputeStatus, RiskModel, RiskModelParams, RiskScore } from './risk.types.ts';

/** GET /api/risk/elevators/:code: the score with each factor's input and points. */
export function getElevatorRisk(registrationCode: string): Promise<RiskScore> {
  return request(`/api/risk/elevators/${encodeURIComponent(registrationCode)}`);
}

/** GET /api/risk/old-elevators: one tier, oldest (or riskiest) first. */
export function listOldElevators(query: OldElevatorQuery): Promise<{ items: OldElevator[]; total: number }> {
  return request('/api/risk/old-elevators', { query: query as unknown as Query });
}

/** GET /api/risk/old-elevators/summary: the stock and each tier by child region and place type. */
export function getOldSummary(regionCode?: string): Promise<OldSummary> {
  return request('/api/risk/old-elevators/summary', { query: { regionCode } });
}

/** GET /api/risk/ranking: scores highest first with their top factors; counts by grade. */
export function getRanking(query: RankingQuery): Promise<Ranking> {
  return request('/api/risk/ranking', { query: query as Query });
}

/** GET /api/risk/model: the current model version. */
export function getRiskModel(): Promise<RiskModel> {
  return request('/api/risk/model');
}

/** POST /api/risk/model: a new version (province level; 400 names fields such as params.weights). */
export function saveRiskModel(input: { params: RiskModelParams; note: string }): Promise<RiskModel> {
  return request('/api/risk/model', { method: 'POST', body: input });
}

/** POST /api/risk/recompute: 202 with the job (a running one is returned instead of a second). */
export function startRecompute(): Promise<{ jobId: string }> {
  return request('/api/risk/recompute', { method: 'POST' });
}

/** GET /api/risk/recompute/:id: progress of a recomputation. */
export function getRecompute(jobId: string): Promise<RecomputeStatus> {
  return request(`/api/risk/recompute/${jobId}`);
}
