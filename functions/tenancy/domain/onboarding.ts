import * as z from 'zod';
import { problems } from '#shared/http/problems.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';
import { impliedLevel, isInside, type Tenant } from '#shared/tenancy/tenant.ts';

/** Roles an account can hold inside a tenant; province-admin accounts belong to the province. */
export const ACCOUNT_ROLES = ['owner', 'agency', 'regulator', 'operator'] as const;

export const AccountInput = z.object({
  /** Login name at the identity provider (Cognito username, or the unified identity platform's user id). */
  username: z.string().regex(/^[A-Za-z0-9._@+-]{3,128}$/),
  name: z.string().trim().min(1).max(50),
  email: z.email().optional(),
  phone: z.string().regex(/^1\d{10}$/, { message: 'a mainland mobile number (11 digits)' }).optional(),
}).strict();

export const NewAccount = AccountInput.extend({
  role: z.enum(ACCOUNT_ROLES),
  agency: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).optional(),
  industries: z.array(z.string().regex(/^[a-z][a-z0-9-]{1,39}$/)).max(20).optional(),
}).strict();
export type NewAccount = z.infer<typeof NewAccount>;

export const OnboardCounty = z.object({
  code: DivisionCode,
  name: z.string().trim().min(2).max(50),
  nameEn: z.string().trim().max(80).optional(),
  parent: DivisionCode,
  /** A training or demo county (沙箱) — may accelerate time; it cannot be turned into production later. */
  sandbox: z.boolean().optional(),
  operator: AccountInput,
}).strict();
export type OnboardCounty = z.infer<typeof OnboardCounty>;

export interface Account extends NewAccount {
  tenant: string;
  /** Subject (`sub` claim) the identity provider gives this account's tokens. */
  subject: string;
  status: 'active' | 'disabled';
  createdAt: string;
  createdBy: string;
}

/**
 * A county joins its city at run time (never a redeploy, DESIGN section 2). GB/T 2260 says which city a
 * county belongs to, so a code that does not nest under this city is refused rather than trusted.
 */
export function planCounty(input: OnboardCounty, city: Tenant, existing: Tenant | undefined, at: string): Tenant {
  const fail = (path: string, zh: string, en: string) => problems.validation([{ path, code: 'tenant.invalid-code', message: { zh, en } }]);
  if (input.parent !== city.code) throw fail('body.parent', `上级必须是本市 ${city.code}`, `parent must be this stack's city ${city.code}`);
  if (impliedLevel(input.code) !== 'county' || !isInside(input.code, city.code)) {
    throw fail('body.code', `${input.code} 不是 ${city.code} 下辖县区的行政区划代码`, `${input.code} is not a county code of city ${city.code} (GB/T 2260)`);
  }
  if (existing) throw problems.conflict('tenant.exists', `租户 ${input.code} 已入驻`, `Tenant ${input.code} is already onboarded`);
  if (input.sandbox === false && city.sandbox) throw fail('body.sandbox', '沙箱环境中的县区只能是沙箱租户', 'counties of a sandbox deployment are sandbox tenants');
  return {
    code: input.code, name: input.name, nameEn: input.nameEn, level: 'county', parent: city.code, province: city.province,
    sandbox: input.sandbox ?? city.sandbox, status: 'active', onboardedAt: at,
  };
}
