import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import { AppointInput, TaskListOut, TaskListQuery, TaskOut, appoint, list } from './stewardship.service.ts';

const TAG = ['stewardship'];

/** Elevators nobody manages: the street office's tasks and its appointment of a management subject. */
export function stewardshipRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/stewardship/tasks', {
    config: { auth: 'stewardship.read' },
    schema: { tags: TAG, summary: 'Elevators without a use unit, as tasks of the street office of their region (oldest first)', querystring: TaskListQuery, response: { 200: TaskListOut } },
    handler: (req) => list(ctx, principalOf(req), req.query),
  });
  r.post('/api/stewardship/tasks/:id/appoint', {
    config: { auth: 'stewardship.read' },
    schema: { tags: TAG, summary: 'Appoint the management subject: it becomes the elevator’s use unit', params: z.object({ id: z.coerce.number().int().positive() }), body: AppointInput, response: { 200: TaskOut } },
    handler: (req) => appoint(ctx, principalOf(req), req.params.id, req.body),
  });
}
