import { z } from 'zod';
import { typed, type RouteModule } from '../../server/http/types.ts';

const RegionOut = z.object({ code: z.string(), name: z.string(), level: z.number(), parentCode: z.string().nullable(), kind: z.enum(['gbt2260', 'dev_zone']) });

const routes: RouteModule = (app, ctx) => {
  typed(app).get('/api/regions', {
    config: { auth: 'public' },
    schema: { tags: ['regions'], summary: 'GB/T 2260 regions and development zones (province, cities, counties)', response: { 200: z.object({ items: z.array(RegionOut) }) } },
    handler: async () => ({
      items: ctx.regions.all().map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, kind: r.kind })),
    }),
  });
};
export default routes;
