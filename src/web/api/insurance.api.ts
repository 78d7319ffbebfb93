import { request, type Query } from './http.ts';
import type { Page } from './common.types.ts';
import type { Claim, ClaimAction, ClaimInput, InsuranceCoverageRow, Linkable, Policy, PolicyInput, Product, ProductInput } from './insurance.types.ts';

/** GET /api/insurance/products. */
export function listProducts(kind?: string): Promise<{ items: Product[] }> {
  return request('/api/insurance/products', { query: { kind } });
}

/** POST /api/insurance/products (an insurer). */
export function createProduct(input: ProductInput): Promise<Product> {
  return request('/api/insurance/products', { method: 'POST', body: input });
}

/** PUT /api/insurance/products/:id. */
export function updateProduct(id: number, input: ProductInput): Promise<Product> {
  return request(`/api/insurance/products/${id}`, { method: 'PUT', body: input });
}

/** GET /api/insurance/policies. */
export function listPolicies(query: { regionCode?: string; registrationCode?: string; kind?: string; state?: string; page?: number; pageSize?: number }): Promise<Page<Policy>> {
  return request('/api/insurance/policies', { query: query as Query });
}

/** POST /api/insurance/policies (an insurer). */
export function issuePolicy(input: PolicyInput): Promise<Policy> {
  return request('/api/insurance/policies', { method: 'POST', body: input });
}

/** POST /api/insurance/policies/:id/cancel. */
export function cancelPolicy(id: number, reason: string): Promise<Policy> {
  return request(`/api/insurance/policies/${id}/cancel`, { method: 'POST', body: { reason } });
}

/** GET /api/insurance/policies/:id/linkable. */
export function linkableFor(policyId: number): Promise<Linkable> {
  return request(`/api/insurance/policies/${policyId}/linkable`);
}

/** GET /api/insurance/claims. */
export function listClaims(query: { status?: string; policyId?: number; regionCode?: string; page?: number; pageSize?: number }): Promise<Page<Claim>> {
  return request('/api/insurance/claims', { query: query as Query });
}

/** POST /api/insurance/claims. */
export function fileClaim(input: ClaimInput): Promise<Claim> {
  return request('/api/insurance/claims', { method: 'POST', body: input });
}

/** POST /api/insurance/claims/:id/actions. */
export function actOnClaim(id: number, input: { action: ClaimAction; amountPaid?: number; note?: string }): Promise<Claim> {
  return request(`/api/insurance/claims/${id}/actions`, { method: 'POST', body: input });
}

/** GET /api/insurance/coverage. */
export function getInsuranceCoverage(regionCode?: string): Promise<{ regionCode: string; summary: InsuranceCoverageRow; byRegion: InsuranceCoverageRow[] }> {
  return request('/api/insurance/coverage', { query: { regionCode } });
}
