import * as z from 'zod';
import type { Agency } from './agency.ts';
import { AGENCY_STATUSES } from './agency.ts';
import { QUALIFICATION_GRADES } from './qualification-coverage.ts';

/**
 * What anyone sees of an admitted agency (公开信息), chosen field by field — never by copying the record and
 * deleting what looks private, so a field added to the record later stays private until someone adds it here.
 * Seed 000 §四(一)3 asks the supermarket to 公开中介服务机构信息; seed 001 §二(二) excepts 国家秘密、商业秘密和
 * 个人隐私. So:
 *  - public: name, USCC, legal representative's name (both are on the business licence and in the national
 *    enterprise credit publicity system), address, the agency's office phone (a business line the agency chose to
 *    publish — owners need it for 直购), service items and their status, qualifications (type, number, grade,
 *    issuer, validity: what the issuing authorities publish themselves), practitioners' names with their
 *    certificate type and number (professional registers publish these), branches, practice regions, status;
 *  - never: ID numbers (not even masked), the contact person and their mobile (a private person's number;
 *    publishing it needs their separate consent, 个人信息保护法 第十三条/第二十五条 — the platform uses it only to
 *    send invitations, seed 002), document ids and scans, social-security data, reviews, internal ids.
 * Only admitted agencies have a profile: nothing unreviewed is public.
 */
export const PublicAgencyProfile = z
  .object({
    uscc: z.string(),
    name: z.string(),
    legalRepresentative: z.string(),
    address: z.string(),
    officePhone: z.string().optional(),
    status: z.enum(AGENCY_STATUSES),
    province: z.string(),
    admittedAt: z.string(),
    serviceItems: z.array(z.object({ tenant: z.string(), code: z.string(), status: z.enum(['active', 'suspended']) }).strict()),
    qualifications: z.array(
      z
        .object({
          type: z.string(),
          number: z.string(),
          grade: z.enum(QUALIFICATION_GRADES).optional(),
          issuer: z.string(),
          validFrom: z.string(),
          validTo: z.string(),
        })
        .strict(),
    ),
    practitioners: z.array(z.object({ name: z.string(), certificate: z.object({ type: z.string(), number: z.string() }).strict() }).strict()),
    branches: z.array(z.object({ name: z.string(), address: z.string(), regions: z.array(z.string()) }).strict()),
    practiceRegions: z.array(z.string()),
    /** 清退 reason, when cleared: the public is told why an agency left. */
    clearedReason: z.string().optional(),
    version: z.number().int(),
  })
  .strict();
export type PublicAgencyProfile = z.infer<typeof PublicAgencyProfile>;

export function publicProfile(agency: Agency): PublicAgencyProfile {
  const profile: PublicAgencyProfile = {
    uscc: agency.uscc,
    name: agency.name,
    legalRepresentative: agency.legalRepresentative.name,
    address: agency.address,
    status: agency.status,
    province: agency.province,
    admittedAt: agency.admittedAt,
    serviceItems: agency.serviceItems.map((i) => ({ tenant: i.tenant, code: i.code, status: i.status })),
    qualifications: agency.qualifications.map((q) => {
      const out: PublicAgencyProfile['qualifications'][number] = { type: q.type, number: q.number, issuer: q.issuer, validFrom: q.validFrom, validTo: q.validTo };
      if (q.grade !== undefined) out.grade = q.grade;
      return out;
    }),
    practitioners: agency.practitioners.map((p) => ({ name: p.name, certificate: { type: p.certificate.type, number: p.certificate.number } })),
    branches: agency.branches.map((b) => ({ name: b.name, address: b.address, regions: [...b.regions] })),
    practiceRegions: [...agency.practiceRegions],
    version: agency.version,
  };
  if (agency.officePhone !== undefined) profile.officePhone = agency.officePhone;
  if (agency.status === 'cleared' && agency.clearance) profile.clearedReason = agency.clearance.reason;
  return profile;
}
