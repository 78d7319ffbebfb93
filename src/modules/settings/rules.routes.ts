import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { principalOf } from '../../server/http/auth-hook.ts';
import { typed } from '../../server/http/types.ts';
import * as rules from './rules.service.ts';

const TAG = ['settings'];
const GroupParam = z.object({ group: rules.Group });

/** Per-region rules of every module, one API: read what applies in a region; set or clear a region's own value. */
export function ruleSettingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = typed(app);
  r.get('/api/settings/rules/:group', {
    config: { auth: 'authenticated' },
    schema: { tags: TAG, summary: 'Every rule of a group as it applies in a region, with its default, bounds and the level that set it', params: GroupParam, querystring: rules.RulesQuery, response: { 200: rules.RulesOut } },
    handler: (req) => rules.get(ctx, principalOf(req), req.params.group, req.query.regionCode),
  });
  r.put('/api/settings/rules/:group', {
    config: { auth: 'authenticated' },
    schema: { tags: TAG, summary: 'Set a region’s own value of a rule (settings.rules, or the owning department’s approval right)', params: GroupParam, body: rules.RuleInput, response: { 200: rules.RulesOut } },
    handler: (req) => rules.set(ctx, principalOf(req), req.params.group, req.body),
  });
  r.delete('/api/settings/rules/:group', {
    config: { auth: 'authenticated' },
    schema: { tags: TAG, summary: 'Clear a region’s own value: the enclosing region’s (or the default) applies again', params: GroupParam, querystring: rules.RuleDeleteQuery, response: { 200: rules.RulesOut } },
    handler: (req) => rules.clear(ctx, principalOf(req), req.params.group, req.query),
  });
}
