import * as z from 'zod';
import type { Role } from '#shared/auth/claims.ts';
import type { Expert } from './expert.ts';

/**
 * There is no public view: who is on a roster is not public before the scoring it serves has ended (a known
 * scorer can be lobbied). Operators (and the province) run the roster and call drawn experts, so they see the
 * phone; regulators supervise the roster and see everything but the phone (data minimisation, 个人信息保护法 Art. 6).
 * The view is built by naming the fields it shows, so a field added to the record later stays out until decided.
 */
export const ExpertView = z.object({
  id: z.string().describe('ISM-DRAW-1 candidate code: EXP + tenant + 8 random characters + check character'),
  tenant: z.string(),
  name: z.string(),
  specialties: z.array(z.string()),
  employerUscc: z.string().optional(),
  affiliations: z.array(z.string()).optional(),
  status: z.enum(['active', 'suspended']),
  statusReason: z.string().optional(),
  phone: z.string().optional().describe('Operators and province-admin only'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ExpertView = z.infer<typeof ExpertView>;

const SEES_PHONE: readonly Role[] = ['operator', 'province-admin'];

export function expertView(expert: Expert, role: Role): ExpertView {
  return {
    id: expert.id, tenant: expert.tenant, name: expert.name, specialties: expert.specialties,
    ...(expert.employerUscc ? { employerUscc: expert.employerUscc } : {}),
    ...(expert.affiliations?.length ? { affiliations: expert.affiliations } : {}),
    status: expert.status,
    ...(expert.statusReason ? { statusReason: expert.statusReason } : {}),
    ...(expert.phone && SEES_PHONE.includes(role) ? { phone: expert.phone } : {}),
    version: expert.version, createdAt: expert.createdAt, updatedAt: expert.updatedAt, updatedBy: expert.updatedBy,
  };
}

export interface ExpertFilter {
  status?: 'active' | 'suspended' | 'all';
  specialty?: string;
}

export function matchesExpertFilter(expert: Expert, f: ExpertFilter): boolean {
  const status = f.status ?? 'all';
  if (status !== 'all' && expert.status !== status) return false;
  return !f.specialty || expert.specialties.includes(f.specialty);
}
