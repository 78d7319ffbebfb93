import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../server/context.ts';
import { AppError } from '../../server/http/errors.ts';
import * as audit from '../audit/audit.service.ts';
import type { Principal } from '../auth/principal.ts';
import type { ProductInput, ProductOut } from './insurance.schema.ts';

/** Products: an insurer sees and edits its own; everyone else with insurance.read sees every insurer's active ones. */
function productScope(p: Principal) {
  if (p.orgType === 'insurer') return sql<boolean>`ip.insurer_org_id = ${p.orgId}`;
  if (p.roles.includes('admin')) return sql<boolean>`true`;
  return sql<boolean>`ip.active`;
}

type Row = { id: number; insurer_org_id: number; insurer_name: string; name: string; kind: string; coverage: unknown; premium_rule: unknown; active: boolean };
const present = (r: Row): z.infer<typeof ProductOut> => ({
  id: r.id,
  insurer: { id: r.insurer_org_id, name: r.insurer_name },
  name: r.name,
  kind: r.kind,
  coverage: r.coverage as z.infer<typeof ProductOut>['coverage'],
  premiumRule: r.premium_rule as z.infer<typeof ProductOut>['premiumRule'],
  active: r.active,
});

export async function listProducts(ctx: AppContext, p: Principal, q: { kind?: string; id?: number }) {
  const conds = [productScope(p)];
  if (q.kind) conds.push(sql<boolean>`ip.kind = ${q.kind}`);
  if (q.id) conds.push(sql<boolean>`ip.id = ${q.id}`);
  const { rows } = await sql<Row>`SELECT ip.*, o.name AS insurer_name FROM insurance_product ip JOIN organization o ON o.id = ip.insurer_org_id
    WHERE ${sql.join(conds, sql` AND `)} ORDER BY o.name, ip.kind, ip.name LIMIT 500`.execute(ctx.store.db);
  return rows.map(present);
}

export async function getProduct(ctx: AppContext, p: Principal, id: number) {
  const [row] = await listProducts(ctx, p, { id });
  if (!row) throw new AppError('INSURANCE_PRODUCT_NOT_FOUND');
  return row;
}

function assertInsurer(p: Principal) {
  if (p.orgType !== 'insurer') throw new AppError('FORBIDDEN', { reason: 'only an insurer keeps its products, policies and claims' });
}

export async function saveProduct(ctx: AppContext, p: Principal, input: z.infer<typeof ProductInput>, id?: number) {
  assertInsurer(p);
  const now = ctx.clock.now();
  const { db } = ctx.store;
  const values = { name: input.name, kind: input.kind as 'liability', coverage: JSON.stringify(input.coverage), premium_rule: JSON.stringify(input.premiumRule), active: input.active, updated_at: now };
  const saved = await db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom('insurance_product').select('id').where('insurer_org_id', '=', p.orgId).where('name', '=', input.name).executeTakeFirst();
    if (clash && clash.id !== id) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'name', message: '本机构已有同名产品' }] });
    let before: unknown = null;
    let productId = id;
    if (id) {
      const old = await trx.selectFrom('insurance_product').selectAll().where('id', '=', id).where('insurer_org_id', '=', p.orgId).executeTakeFirst();
      if (!old) throw new AppError('INSURANCE_PRODUCT_NOT_FOUND');
      before = { name: old.name, kind: old.kind, coverage: old.coverage, premiumRule: old.premium_rule, active: old.active };
      await trx.updateTable('insurance_product').set(values).where('id', '=', id).execute();
    } else {
      productId = (await trx.insertInto('insurance_product').values({ ...values, insurer_org_id: p.orgId, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await audit.record(trx, audit.actorOf(p), now, [{ action: id ? 'insurance.product.update' : 'insurance.product.create', entityType: 'insurance_product', entityId: String(productId), before, after: input }]);
    return productId!;
  });
  return getProduct(ctx, p, saved);
}

export { assertInsurer };
