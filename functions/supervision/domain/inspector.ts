import * as z from 'zod';
import { candidateIdShape, hasValidCheckChar, newCandidateId } from '#shared/codes/candidate-id.ts';
import { Uscc as UsccRule } from '#shared/codes/uscc.ts';
import { IndustryCode } from '#functions/experts/domain/expert.ts';
import { problems } from '#shared/http/problems.ts';

/**
 * 执法检查人员名录库: the inspectors a city or county (its regulators and its supermarket office) sends on 双随机
 * spot checks (seed 003 (七): 建立健全抽查事项清单、检查对象名录库和执法检查人员名录库). Each inspector covers one or
 * more industries (行业, as the catalogue names them) and lists the agencies they must not inspect (回避: a former
 * employer, a relative's firm, an agency they advised) by 统一社会信用代码.
 *
 * Inspector ids are ISM-DRAW-1 candidate codes, like expert ids (functions/experts/domain/expert.ts), so the
 * inspector draw is plain ISM-DRAW-1 and bin/verify-draw.ts checks it:
 *   `JCR` (检查人) + the roster's tenant (6 digits) + 8 random characters + 1 check character (GB/T 17710 MOD 31-3),
 * e.g. `JCR4452037NX12QR6A`. A USCC's characters 3–8 are digits; an inspector id's third is `R`, so no id is ever
 * taken for a real 统一社会信用代码.
 */
export const INSPECTOR_ID_PREFIX = 'JCR';
const INSPECTOR_ID_SHAPE = candidateIdShape(INSPECTOR_ID_PREFIX);

export const newInspectorId = (tenant: string, random: Uint8Array): string => newCandidateId(INSPECTOR_ID_PREFIX, tenant, random);

export const isInspectorId = (id: string) => INSPECTOR_ID_SHAPE.test(id) && hasValidCheckChar(id);

export const InspectorId = z.string().regex(INSPECTOR_ID_SHAPE, { message: 'an inspector id such as JCR4452037NX12QR6A' })
  .refine(isInspectorId, { message: 'the inspector id\'s check character (position 18) does not match' });

const Uscc = z.string().trim().toUpperCase().pipe(UsccRule);
const Industries = z.array(IndustryCode).min(1).max(20);
const Conflicts = z.array(Uscc).max(100);

export const NewInspector = z.object({
  name: z.string().trim().min(1).max(50),
  /** 所在单位, e.g. 揭东区住房和城乡建设局. */
  unit: z.string().trim().min(1).max(100),
  industries: Industries,
  /** 回避: agencies this inspector must never be sent to. */
  conflicts: Conflicts.optional(),
}).strict();
export type NewInspector = z.infer<typeof NewInspector>;

export const InspectorChanges = z.object({
  status: z.enum(['active', 'suspended']).optional(),
  unit: z.string().trim().min(1).max(100).optional(),
  industries: Industries.optional(),
  conflicts: Conflicts.optional(),
  reason: z.string().trim().min(2).max(500),
  expectedVersion: z.number().int().min(1).optional(),
}).strict();
export type InspectorChanges = z.infer<typeof InspectorChanges>;

export interface Inspector {
  id: string;
  tenant: string;
  name: string;
  unit: string;
  industries: string[];
  conflicts: string[];
  status: 'active' | 'suspended';
  statusReason?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

export function registerInspector(tenant: string, id: string, input: NewInspector, actor: string, at: string): Inspector {
  return {
    id, tenant, name: input.name, unit: input.unit, industries: unique(input.industries), conflicts: unique(input.conflicts ?? []),
    status: 'active', version: 1, createdAt: at, updatedAt: at, updatedBy: actor,
  };
}

/** A new version; suspension keeps the reason it began with. */
export function changeInspector(current: Inspector | undefined, changes: InspectorChanges, actor: string, at: string): Inspector {
  if (!current) throw problems.notFound({ zh: '执法检查人员', en: 'Inspector' });
  if (changes.expectedVersion !== undefined && changes.expectedVersion !== current.version) {
    throw problems.conflict('inspector.version-mismatch', `检查人员信息已被他人修改（当前版本 ${current.version}），请刷新后重试`, `The inspector changed meanwhile (current version ${current.version}); reload and retry`, { version: current.version });
  }
  const { status = current.status, unit, industries, conflicts, reason } = changes;
  if ([changes.status, unit, industries, conflicts].every((v) => v === undefined)) {
    throw problems.validation([{ path: 'body', code: 'inspector.nothing-to-change', message: { zh: '请至少修改一项：状态、单位、行业或回避机构', en: 'change at least one of status, unit, industries or conflicts' } }]);
  }
  const { statusReason: _r, ...kept } = current;
  void _r;
  const statusReason = status !== 'suspended' ? undefined : current.status === 'suspended' ? current.statusReason : reason;
  return {
    ...kept,
    ...(unit ? { unit } : {}),
    ...(industries ? { industries: unique(industries) } : {}),
    ...(conflicts ? { conflicts: unique(conflicts) } : {}),
    status,
    ...(statusReason ? { statusReason } : {}),
    version: current.version + 1, updatedAt: at, updatedBy: actor,
  };
}

/** Not public: who may be sent is known to the offices that run the checks (a known inspector can be approached). */
export const InspectorView = z.object({
  id: z.string().describe('ISM-DRAW-1 candidate code: JCR + tenant + 8 random characters + check character'),
  tenant: z.string(),
  name: z.string(),
  unit: z.string(),
  industries: z.array(z.string()),
  conflicts: z.array(z.string()),
  status: z.enum(['active', 'suspended']),
  statusReason: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type InspectorView = z.infer<typeof InspectorView>;

export const inspectorView = (i: Inspector): InspectorView => ({
  id: i.id, tenant: i.tenant, name: i.name, unit: i.unit, industries: i.industries, conflicts: i.conflicts, status: i.status,
  ...(i.statusReason ? { statusReason: i.statusReason } : {}),
  version: i.version, createdAt: i.createdAt, updatedAt: i.updatedAt, updatedBy: i.updatedBy,
});
