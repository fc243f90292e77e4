import * as z from 'zod';
import { problems } from '#shared/http/problems.ts';
import { AccountInput, type Account } from '../../tenancy/domain/onboarding.ts';
import type { Owner } from './owner.ts';

/**
 * Clerks (经办人) of an owner: accounts of role `owner` in the owner's tenant, bound to one owner.
 *
 * The binding lives in our table, not in the token. A clerk's token says role `owner`, its tenant and
 * its `sub`; the account row (`<tenant>#ACCOUNT#<sub>`) says which owner it acts for (`ownerId`), and
 * each request that needs it reads that row. Why not a `custom:owner` claim like `custom:agency`:
 *  - the identity may come from the province's unified identity platform, whose attributes we do not
 *    control; a row we write works with any issuer;
 *  - disabling a clerk or moving it takes effect on the next request, not when a 12-hour token expires;
 *  - an owner-role account made elsewhere (POST /accounts) has no ownerId and so no owner's rights:
 *    the binding can only be made here, by an operator, with an audit entry.
 */
export const NewClerk = AccountInput;
export type NewClerk = z.infer<typeof NewClerk>;

export interface ClerkAccount extends Account {
  role: 'owner';
  ownerId: string;
}

/** Checked before an identity is created for the clerk, and again when the account is planned. */
export function ownerTakingClerks(owner: Owner | undefined): Owner {
  if (!owner) throw problems.notFound({ zh: '项目业主', en: 'Owner' });
  if (owner.status !== 'active') throw problems.conflict('owner.disabled', '项目业主已停用，不能增加经办人', 'The owner is disabled; no clerk can be added');
  return owner;
}

/** An account that already exists under this subject is refused: one account acts for one owner. */
export function planClerk(target: Owner | undefined, input: NewClerk, subject: string, existing: Account | undefined, actor: string, at: string): ClerkAccount {
  const owner = ownerTakingClerks(target);
  if (existing) {
    const where = (existing as Partial<ClerkAccount>).ownerId ? `（经办 ${(existing as ClerkAccount).ownerId}）` : '';
    throw problems.conflict('account.exists', `账号 ${input.username} 已存在${where}`, `Account ${input.username} already exists`);
  }
  return { ...input, role: 'owner', ownerId: owner.id, tenant: owner.tenant, subject, status: 'active', createdAt: at, createdBy: actor };
}

/** True when the account is an active clerk of this very owner (same tenant, same id). */
export function isClerkOf(account: Account | undefined, owner: Owner): boolean {
  const clerk = account as Partial<ClerkAccount> | undefined;
  return !!clerk && clerk.role === 'owner' && clerk.status === 'active' && clerk.tenant === owner.tenant && clerk.ownerId === owner.id;
}
