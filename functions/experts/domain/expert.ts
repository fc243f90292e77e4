import * as z from 'zod';
import { candidateIdShape, hasValidCheckChar, newCandidateId } from '#shared/codes/candidate-id.ts';
import { Uscc as UsccRule } from '#shared/codes/uscc.ts';
import { ServiceItemCode } from '#functions/catalog/domain/service-item.ts';

/**
 * An evaluation expert (评审专家) of a tenant's expert pool (评审专家库): the people drawn at random to score the
 * candidates of a best-value (择优选取) project. A city keeps a roster its counties may draw from too; a county may
 * keep its own beside it. Identities are not public before the scoring ends (they could be lobbied), and the phone
 * is private always.
 *
 * Expert ids are ISM-DRAW-1 candidate codes, so the same protocol and the same standalone verifier
 * (bin/verify-draw.ts) check a scorer draw. They take the shape the protocol accepts — 18 characters of the
 * GB 32100 set (digits and capitals without I, O, S, V, Z) — and are built so that they can never be taken for a
 * real 统一社会信用代码:
 *
 *   `EXP` + the roster's tenant (6 digits) + 8 random characters + 1 check character (GB/T 17710 MOD 31-3,
 *   the USCC's own position-18 rule), e.g. `EXP4452007NX12QR69`.
 *
 * A USCC's characters 3–8 are a division code, all digits; an expert id's third character is `P`, so every USCC
 * check refuses it (and `E` is no registration authority either). The tenant part keeps ids of different rosters
 * apart (a county draw pools its own roster with its city's), and the check character catches a typed id's
 * single-character typo. 31⁸ ≈ 8.5 × 10¹¹ ids per roster; a collision is caught by the write's condition.
 */
export const EXPERT_ID_PREFIX = 'EXP';
const EXPERT_ID_SHAPE = candidateIdShape(EXPERT_ID_PREFIX);

/** `EXP` + tenant + 8 characters from 8 random bytes + check (#shared/codes/candidate-id.ts). */
export const newExpertId = (tenant: string, random: Uint8Array): string => newCandidateId(EXPERT_ID_PREFIX, tenant, random);

export function isExpertId(id: string): boolean {
  return EXPERT_ID_SHAPE.test(id) && hasValidCheckChar(id);
}

/** The tenant whose roster holds the expert, read from the id. */
export const rosterOf = (id: string) => id.slice(3, 9);

export const ExpertId = z.string().regex(EXPERT_ID_SHAPE, { message: 'an expert id such as EXP4452007NX12QR69' })
  .refine(isExpertId, { message: 'the expert id\'s check character (position 18) does not match' });

/** 统一社会信用代码, tidied as an operator may type it, then the product's one rule (#shared/codes/uscc.ts). */
const Uscc = z.string().trim().toUpperCase().pipe(UsccRule);

/** Industry (行业) as the catalogue names it, e.g. `environment` (functions/catalog/domain/service-item.ts). */
export const IndustryCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, { message: 'an industry such as environment' });

/** What an expert can score: a service item code (ZJ-445200-0001) or an industry (environment). */
export const Specialty = z.union([ServiceItemCode, IndustryCode], { error: 'a service item code (ZJ-445200-0001) or an industry (environment)' });

/** The owner id shape of functions/owners/domain/owner.ts: an owner registered without a code is tied by its id. */
const OwnerIdShape = z.string().regex(/^OWN-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/);

/**
 * A 回避 relation: the 统一社会信用代码 of an organisation the expert is tied to (a former employer, a company they
 * hold shares in or advise, a department they served), or a project owner's id.
 */
export const Affiliation = z.string().trim().toUpperCase().pipe(z.union([UsccRule, OwnerIdShape], {
  error: 'an affiliation is a 统一社会信用代码 (GB 32100-2015) or an owner id such as OWN-445203-7K3QX9AB',
}));

const Specialties = z.array(Specialty).min(1).max(50);
const Affiliations = z.array(Affiliation).max(50);
/** 手机: private; operators use it to call a drawn expert (抽取后通知). */
const Mobile = z.string().regex(/^1\d{10}$/, { message: 'a mainland mobile number (11 digits)' });

export const NewExpert = z.object({
  name: z.string().trim().min(1).max(50),
  specialties: Specialties,
  /** 工作单位的统一社会信用代码. */
  employerUscc: Uscc.optional(),
  affiliations: Affiliations.optional(),
  phone: Mobile.optional(),
}).strict();
export type NewExpert = z.infer<typeof NewExpert>;

/**
 * PATCH: suspend or reactivate, and change what may change (specialties, employer, affiliations, phone); every
 * change states its reason, which the audit entry keeps. `employerUscc: null` records that the expert left their
 * employer. The name is the person's identity and does not change here.
 */
export const ExpertChanges = z.object({
  status: z.enum(['active', 'suspended']).optional(),
  specialties: Specialties.optional(),
  employerUscc: Uscc.nullable().optional(),
  affiliations: Affiliations.optional(),
  phone: Mobile.optional(),
  reason: z.string().trim().min(2).max(500),
  expectedVersion: z.number().int().min(1).optional(),
}).strict();
export type ExpertChanges = z.infer<typeof ExpertChanges>;

export type ExpertStatus = 'active' | 'suspended';

export interface Expert {
  id: string;
  /** The city or county that keeps the roster (GB/T 2260). */
  tenant: string;
  name: string;
  specialties: string[];
  employerUscc?: string;
  affiliations?: string[];
  status: ExpertStatus;
  /** Why the expert is suspended (暂停), kept while suspended. */
  statusReason?: string;
  /** Private, always: never in a public view, and masked in the audit log. */
  phone?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}
