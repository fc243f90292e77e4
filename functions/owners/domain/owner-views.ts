import * as z from 'zod';
import { FUNDING_TYPES, OWNER_KINDS, OwnerContact, type Owner } from './owner.ts';

/**
 * What the public sees of an owner ("在阳光下运行") and what only the operator and the owner's own clerks
 * see. The public view is built by naming every field it shows (an allow-list), so a private field added
 * to the record later stays private until someone decides otherwise.
 *
 * Public for an organisation: name, kind, 统一社会信用代码, address, office phone, funding types, status.
 * Public for a person: kind, a masked name, funding types, status — no number, no phone, no address.
 */
export const PublicOwnerView = z.object({
  id: z.string(),
  tenant: z.string(),
  kind: z.enum(OWNER_KINDS),
  name: z.string().describe('For a person, masked: surname and asterisks (张**)'),
  uscc: z.string().optional(),
  address: z.string().optional(),
  contact: z.object({ officePhone: z.string().optional() }).optional(),
  fundingTypes: z.array(z.enum(FUNDING_TYPES)),
  status: z.enum(['active', 'disabled']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PublicOwnerView = z.infer<typeof PublicOwnerView>;

/** The full record: operator, province-admin, or a clerk of this owner. */
export const OwnerProfileView = PublicOwnerView.extend({
  idNumberMasked: z.string().optional().describe('Persons only: first 6 and last 4 characters (the birth date hidden); the full number is never stored'),
  contact: OwnerContact,
  statusReason: z.string().optional(),
  updatedBy: z.string(),
});

/** 张三 → 张*, 欧阳娜娜 → 欧***: the surname (first character) and one asterisk per hidden character. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function publicOwnerView(owner: Owner): PublicOwnerView {
  const common = {
    id: owner.id, tenant: owner.tenant, kind: owner.kind, fundingTypes: owner.fundingTypes,
    status: owner.status, version: owner.version, createdAt: owner.createdAt, updatedAt: owner.updatedAt,
  };
  if (owner.kind === 'person') return { ...common, name: maskPersonName(owner.name) };
  return {
    ...common, name: owner.name, uscc: owner.uscc,
    ...(owner.address ? { address: owner.address } : {}),
    ...(owner.contact.officePhone ? { contact: { officePhone: owner.contact.officePhone } } : {}),
  };
}
