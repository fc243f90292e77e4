import { problems } from '#shared/http/problems.ts';
import type { Expert, ExpertChanges, NewExpert } from './expert.ts';

/**
 * Expert pool rules (评审专家库). Every change is a new version and states its reason; experts are suspended,
 * never deleted (a finished project's scoring must keep naming who scored).
 */
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export function registerExpert(tenant: string, id: string, input: NewExpert, actor: string, at: string): Expert {
  return {
    id, tenant, name: input.name, specialties: unique(input.specialties),
    ...(input.employerUscc ? { employerUscc: input.employerUscc } : {}),
    ...(input.affiliations?.length ? { affiliations: unique(input.affiliations) } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    status: 'active', version: 1, createdAt: at, updatedAt: at, updatedBy: actor,
  };
}

export function changeExpert(current: Expert | undefined, changes: ExpertChanges, actor: string, at: string): Expert {
  if (!current) throw problems.notFound({ zh: '评审专家', en: 'Expert' });
  const { expectedVersion, reason, status = current.status, employerUscc, specialties, affiliations, phone } = changes;
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw problems.conflict('expert.version-mismatch', `专家信息已被他人修改（当前版本 ${current.version}），请刷新后重试`, `The expert changed meanwhile (current version ${current.version}); reload and retry`, { version: current.version });
  }
  if ([changes.status, specialties, employerUscc, affiliations, phone].every((v) => v === undefined)) {
    throw problems.validation([{ path: 'body', code: 'expert.nothing-to-change', message: { zh: '请至少修改一项：状态、专业、工作单位、关联单位或手机', en: 'change at least one of status, specialties, employerUscc, affiliations or phone' } }]);
  }
  const { employerUscc: _e, affiliations: _a, statusReason: _r, ...kept } = current;
  void _e; void _a; void _r;
  const employer = employerUscc === null ? undefined : employerUscc ?? current.employerUscc;
  const ties = affiliations === undefined ? current.affiliations : unique(affiliations);
  // The reason of a suspension is the one given when it began; later changes to a suspended expert keep it.
  const statusReason = status !== 'suspended' ? undefined : current.status === 'suspended' ? current.statusReason : reason;
  return {
    ...kept,
    ...(specialties ? { specialties: unique(specialties) } : {}),
    ...(employer ? { employerUscc: employer } : {}),
    ...(ties?.length ? { affiliations: ties } : {}),
    ...(phone ? { phone } : {}),
    status,
    ...(statusReason ? { statusReason } : {}),
    version: current.version + 1, updatedAt: at, updatedBy: actor,
  };
}

/** The audit action of a change: a status change is named as such, so the chain reads as a history. */
export function changeAction(before: Expert, after: Expert): 'expert.changed' | 'expert.suspended' | 'expert.reactivated' {
  if (before.status === after.status) return 'expert.changed';
  return after.status === 'suspended' ? 'expert.suspended' : 'expert.reactivated';
}

/** 13812345678 → 138****5678. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/**
 * What the audit log keeps of an expert: everything but the whole phone number. The log is append-only and
 * hash-chained, so what enters it can never be erased (个人信息保护法 Art. 47); the masked number still shows
 * that it changed.
 */
export function auditedExpert(expert: Expert): Omit<Expert, 'phone'> & { phoneMasked?: string } {
  const { phone, ...rest } = expert;
  return phone ? { ...rest, phoneMasked: maskPhone(phone) } : rest;
}
