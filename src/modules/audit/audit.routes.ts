import { z } from 'zod';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed, type RouteModule } from '../../server/http/types.ts';
import * as repo from './audit.repo.ts';
import { verifyChain } from './audit.service.ts';

const AuditOut = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

const routes: RouteModule = (app, ctx) => {
  const r = typed(app);
  r.get('/api/audit', {
    config: { auth: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: 'Audit entries, newest first; regulators see entries about their region',
      querystring: z.object({
        entityType: z.string().max(40).optional(),
        entityId: z.string().max(80).optional(),
        beforeId: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(AuditOut) }) },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const rows = await repo.list(ctx.store.db, {
        ...req.query,
        regionPrefix: p.orgType === 'platform' ? undefined : ctx.regions.prefix(p.regionCode),
      });
      return {
        items: rows.map((e) => ({
          id: e.id,
          at: new Date(e.at).toISOString(),
          actorName: e.actor_name,
          action: e.action,
          entityType: e.entity_type,
          entityId: e.entity_id,
          regionCode: e.region_code,
          before: e.before,
          after: e.after,
          hash: e.hash,
        })),
      };
    },
  });
  r.get('/api/audit/verify', {
    config: { auth: 'audit.read' },
    schema: { tags: ['audit'], summary: 'Recompute the hash chain; reports the first tampered entry', response: { 200: z.object({ ok: z.boolean(), checked: z.number(), brokenAt: z.number().optional() }) } },
    handler: () => verifyChain(ctx.store.db),
  });
};
export default routes;
