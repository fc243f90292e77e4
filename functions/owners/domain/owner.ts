import * as z from 'zod';
import { ResidentIdNumber } from '#shared/codes/resident-id-number.ts';
import { Uscc as UsccRule } from '#shared/codes/uscc.ts';
import { FUNDING_TYPES } from '../../catalog/domain/service-item.ts';

/**
 * A project owner (项目业主 / 委托人 / 采购人) of one tenant: the party that buys intermediary services.
 * Seed 000 §四(二)2 asks for "全区项目业主信息库"; each county and city keeps its own.
 */
export const OWNER_KINDS = ['department', 'public-institution', 'company', 'person'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
export const OWNER_KIND_ZH: Record<OwnerKind, string> = { department: '机关单位', 'public-institution': '事业单位', company: '企业', person: '个人' };

/** Kinds that are organisations and so carry a 统一社会信用代码. */
export const ORGANISATION_KINDS = ['department', 'public-institution', 'company'] as const;
export const isOrganisation = (kind: OwnerKind) => kind !== 'person';

export { FUNDING_TYPES };
export type FundingType = (typeof FUNDING_TYPES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * 统一社会信用代码, trimmed and upper-cased as an operator may type it, then the product's one rule
 * (#shared/codes/uscc.ts: GB 32100-2015, both check characters), which names the precise reason.
 */
export const Uscc = z.string().trim().toUpperCase().pipe(UsccRule)
  .describe('统一社会信用代码 (GB 32100-2015), 18 characters, e.g. 11445203MB2C00208F; trimmed and upper-cased first');

/**
 * 公民身份号码, trimmed and upper-cased, then the product's one rule (#shared/codes/resident-id-number.ts:
 * GB 11643-1999). Accepted only to be checked and masked; never stored. Why:
 *  - the supermarket does not need it: real-name identity is the unified identity platform's job
 *    (统一身份认证, seed 000 §四(二)2); the office only has to recognise the person at the counter;
 *  - an ID number is sensitive personal information (GB/T 35273-2020 附录B) and minimisation applies
 *    (个人信息保护法 Art. 6);
 *  - every change is written to the append-only, hash-chained audit log: what enters it can never be
 *    erased without breaking the chain, so a number stored once could never be deleted on request
 *    (个人信息保护法 Art. 47). The full number is checked, masked, and dropped within the request.
 */
export const IdNumber = z.string().trim().toUpperCase().pipe(ResidentIdNumber)
  .describe('公民身份号码 (GB 11643-1999), 18 characters; checked and masked (first 6 and last 4 kept), never stored whole');

/** 办公电话: a landline with area code (0663-8888888, optional extension) or a 400/800 service number. */
export const OfficePhone = z.string().regex(/^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|[48]00-?\d{3}-?\d{4})$/, {
  message: 'a landline with area code such as 0663-3212345 (optional -extension) or a 400/800 number',
});

export const OwnerContact = z.object({
  /** 联系人: private (a person's name). */
  name: text(50),
  /** 办公电话: public for organisations (the directory's contact channel); private for a person. */
  officePhone: OfficePhone.optional(),
  /** 手机: always private, never in a public view. */
  mobile: z.string().regex(/^1\d{10}$/, { message: 'a mainland mobile number (11 digits)' }).optional(),
  email: z.email().optional(),
}).strict();
export type OwnerContact = z.infer<typeof OwnerContact>;

const FundingTypes = z.array(z.enum(FUNDING_TYPES)).min(1).max(FUNDING_TYPES.length);

const OwnerFields = z.object({
  name: text(200),
  /** Funding the owner buys with: 财政资金 (fiscal) and/or 社会资金 (social). Default by kind when absent. */
  fundingTypes: FundingTypes.optional(),
  /** 地址: public for organisations. */
  address: z.string().trim().min(1).max(200).optional(),
  contact: OwnerContact,
});

const NewOrganisation = OwnerFields.extend({ kind: z.enum(ORGANISATION_KINDS), uscc: Uscc }).strict();
const NewPerson = OwnerFields.extend({ kind: z.literal('person'), idNumber: IdNumber }).strict();

export const NewOwner = z.discriminatedUnion('kind', [NewOrganisation, NewPerson], {
  error: (issue) => (issue.code === 'invalid_union' ? `kind: one of ${OWNER_KINDS.join(', ')}` : undefined),
});
export type NewOwner = z.infer<typeof NewOwner>;
export type NewOrganisationOwner = z.infer<typeof NewOrganisation>;
export type NewPersonOwner = z.infer<typeof NewPerson>;

/**
 * A change (PUT): every mutable field, as a whole. Kind, code and ID number are the owner's identity and
 * never change; a wrong one is corrected by disabling the record and registering the right one.
 */
export const OwnerChanges = OwnerFields.extend({
  fundingTypes: FundingTypes,
  status: z.enum(['active', 'disabled']).optional(),
  /** Required when disabling; kept private. */
  statusReason: z.string().trim().min(2).max(500).optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict();
export type OwnerChanges = z.infer<typeof OwnerChanges>;

/** `OWN-445203-7K3QX9AB`: tenant, then 8 Crockford base-32 characters (40 random bits). */
export const OwnerId = z.string().regex(/^OWN-\d{6}-[0-9A-HJKMNP-TV-Z]{8}$/, { message: 'an owner id such as OWN-445203-7K3QX9AB' });

export interface Owner {
  id: string;
  tenant: string;
  kind: OwnerKind;
  name: string;
  /** Organisations only. */
  uscc?: string;
  /** Persons only: `445203********123X` (maskIdNumber, #shared/codes/resident-id-number.ts). The full number is never stored. */
  idNumberMasked?: string;
  fundingTypes: FundingType[];
  address?: string;
  contact: OwnerContact;
  status: 'active' | 'disabled';
  statusReason?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}
