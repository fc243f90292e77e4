import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuditActor } from '../audit/audit-chain.ts';
import { CLAIM, ROLES, type Role } from './claims.ts';

/** Who is calling, from the claims the JWT authorizer verified. A request without them is `public`. */
export interface Caller {
  role: Role;
  sub: string;
  tenant?: string;
  /** 统一社会信用代码 of the agency an agency clerk acts for. */
  agency?: string;
  industries: string[];
}

export const PUBLIC_CALLER: Caller = Object.freeze({ role: 'public', sub: 'public', industries: [] }) as Caller;

type WithJwt = APIGatewayProxyEventV2 & { requestContext: { authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } } } };

/**
 * Only claims that API Gateway's JWT authorizer verified are read (requestContext.authorizer.jwt);
 * an Authorization header on a public route is ignored, because nothing checked it.
 */
export function callerFrom(event: APIGatewayProxyEventV2): Caller {
  const claims = (event as WithJwt).requestContext?.authorizer?.jwt?.claims;
  if (!claims) return PUBLIC_CALLER;
  const text = (name: string) => {
    const v = claims[name];
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const role = text(CLAIM.role);
  if (!role || !(ROLES as readonly string[]).includes(role) || role === 'public') {
    // A verified token without one of our roles (e.g. a unified-identity user not yet bound): no rights.
    return { ...PUBLIC_CALLER, sub: text(CLAIM.subject) ?? 'unknown' };
  }
  return {
    role: role as Role,
    sub: text(CLAIM.subject) ?? 'unknown',
    tenant: text(CLAIM.tenant),
    agency: text(CLAIM.agency),
    industries: (text(CLAIM.industry) ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** Who an audit entry names for a change this caller makes. */
export const actorOf = (caller: Caller): AuditActor => ({ sub: caller.sub, role: caller.role, tenant: caller.tenant });
