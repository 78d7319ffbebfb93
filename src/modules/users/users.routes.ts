import { z } from 'zod';
import { principalOf } from '../../server/http/auth-hook.ts';
import { IdParam, typed, type RouteModule } from '../../server/http/types.ts';
import { UserCreate, UserListQuery, UserOut, UserUpdate } from './users.schema.ts';
import * as service from './users.service.ts';
import * as secondFactor from '../auth/second-factor.service.ts';

const routes: RouteModule = (app, ctx) => {
  const r = typed(app);
  r.get('/api/users', {
    config: { auth: 'users.manage' },
    schema: { tags: ['users'], querystring: UserListQuery, response: { 200: z.object({ items: z.array(UserOut), total: z.number() }) } },
    handler: (req) => service.list(ctx, principalOf(req), req.query),
  });
  r.post('/api/users', {
    config: { auth: 'users.manage' },
    schema: { tags: ['users'], body: UserCreate, response: { 201: UserOut } },
    handler: async (req, reply) => reply.code(201).send(await service.create(ctx, principalOf(req), req.body)),
  });
  r.patch('/api/users/:id', {
    config: { auth: 'users.manage' },
    schema: { tags: ['users'], params: IdParam, body: UserUpdate, response: { 200: UserOut } },
    handler: (req) => service.update(ctx, principalOf(req), req.params.id, req.body),
  });
  r.post('/api/users/:id/second-factor/reset', {
    config: { auth: 'users.manage' },
    schema: {
      tags: ['users'],
      summary: "Clears a user's authenticator and recovery codes (lost phone) and ends their sessions; the next login enrols again",
      params: IdParam,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await secondFactor.reset(ctx, principalOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  });
};
export default routes;
