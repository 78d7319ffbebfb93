import { z } from 'zod';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed, type RouteModule } from '../../server/http/types.ts';
import { OrgInput, OrgListQuery, OrgOut } from './orgs.schema.ts';
import * as service from './orgs.service.ts';

const routes: RouteModule = (app, ctx) => {
  const r = typed(app);
  r.get('/api/orgs', {
    config: { auth: 'authenticated' },
    schema: { tags: ['orgs'], summary: 'List organisations in scope', querystring: OrgListQuery, response: { 200: z.object({ items: z.array(OrgOut), total: z.number() }) } },
    handler: (req) => service.list(ctx, principalOf(req), req.query),
  });
  r.get('/api/orgs/:id', {
    config: { auth: 'authenticated' },
    schema: { tags: ['orgs'], params: IdParam, response: { 200: OrgOut } },
    handler: (req) => service.get(ctx, principalOf(req), req.params.id),
  });
  r.post('/api/orgs', {
    config: { auth: 'orgs.write' },
    schema: { tags: ['orgs'], summary: 'Create an organisation', body: OrgInput, response: { 201: OrgOut } },
    handler: async (req, reply) => reply.code(201).send(await service.create(ctx, principalOf(req), req.body)),
  });
  r.put('/api/orgs/:id', {
    config: { auth: 'orgs.write' },
    schema: { tags: ['orgs'], params: IdParam, body: OrgInput, response: { 200: OrgOut } },
    handler: (req) => service.update(ctx, principalOf(req), req.params.id, req.body),
  });
};
export default routes;
