import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';

const AuditEntryView = z.object({
  tenant: z.string(), entity: z.string(), entityId: z.string(), seq: z.number().int(), at: z.string(),
  actor: z.object({ sub: z.string(), role: z.string(), tenant: z.string().optional() }),
  action: z.string(), data: z.unknown(), prevHash: z.string(), hash: z.string(),
});

export const auditRoutes = [
  {
    operationId: 'getAuditChain', method: 'GET', path: '/v1/tenants/{tenant}/audit/{entity}/{id}', auth: 'jwt', tags: ['audit (全过程留痕)'],
    summary: 'The hash-chained audit entries of one entity and whether the chain verifies (operator, regulator, province-admin)',
    params: z.object({ tenant: DivisionCode, entity: z.string().regex(/^[a-z][a-z-]{1,39}$/), id: z.string().min(1).max(100) }).strict(),
    response: z.object({
      entity: z.string(), id: z.string(), entries: z.array(AuditEntryView),
      verification: z.object({ verified: z.boolean(), length: z.number().int(), headHash: z.string(), brokenAt: z.number().int().optional(), reason: z.string().optional() }),
      algorithm: z.string(),
    }),
  },
] as const satisfies readonly RouteSpec[];
