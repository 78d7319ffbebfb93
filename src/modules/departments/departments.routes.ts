import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import { RegionQuery } from '../cockpit/cockpit.schema.ts';
import { FundingOut } from './departments.schema.ts';
import { funding } from './departments.service.ts';

/**
 * Department views (教育 / 住建 / 交通运输 / 财政 / 金融监管): read-only dashboards built from the cockpit's panels
 * (GET /api/cockpit/<panel>, scoped by elevatorScope: education sees schools only) plus the one aggregate no module
 * gives, funding by source and subsidy state.
 */
export function departmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  typed(app).get('/api/departments/funding', {
    config: { auth: 'renovation.read' },
    schema: { tags: ['departments'], summary: 'Renovation funding by source (maintenance fund …) and subsidies by state; added elevators’ subsidies', querystring: RegionQuery, response: { 200: FundingOut } },
    handler: (req) => funding(ctx, principalOf(req), req.query.regionCode),
  });
}
