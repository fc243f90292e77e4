/**
 * The claims our identity providers put in an ID token. Cognito carries them as custom attributes
 * (`custom:*`), the local OIDC issuer (lib/local-cloud/oidc.ts) issues the same names, and an external
 * unified identity platform (统一身份认证) is configured to map its attributes onto them.
 */
export const CLAIM = {
  subject: 'sub',
  role: 'custom:role',
  tenant: 'custom:tenant',
  /** 统一社会信用代码 of the agency an agency clerk works for. */
  agency: 'custom:agency',
  /** Industries (comma-separated) a regulator (行业主管部门) supervises, e.g. `environment,housing`. */
  industry: 'custom:industry',
} as const;

/** DESIGN section 1. `public` is the role of a caller without a token. */
export const ROLES = ['public', 'owner', 'agency', 'regulator', 'operator', 'province-admin'] as const;
export type Role = (typeof ROLES)[number];
