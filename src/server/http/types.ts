import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';

/** A route module: registers its routes on the typed app, using the shared context. */
export type RouteModule = (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;

export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** The error body every failing route returns (documented once, referenced by every route). */
export const ErrorOut = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
