import { AdminCreateUserCommand, AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CLAIM } from '#shared/auth/claims.ts';
import { ENV, optionalEnv } from '#shared/deployment-env.ts';
import type { NewAccount } from '../domain/onboarding.ts';

/**
 * Where accounts live. With Cognito (the default identity), the account is created in the city's user
 * pool with our claims as custom attributes and Cognito mails a temporary password. With an external
 * issuer (a province's unified identity platform 统一身份认证, or the local cloud's issuer) the person
 * already exists there; the account binding in our table is what grants the role, and the token's
 * `sub` is the username we were given.
 */
const client = new CognitoIdentityProviderClient({});

export async function ensureIdentity(account: NewAccount & { tenant: string }): Promise<{ subject: string; provider: 'cognito' | 'external' }> {
  const pool = optionalEnv(ENV.userPoolId);
  if (!pool) return { subject: account.username, provider: 'external' };
  const attributes = [
    { Name: CLAIM.role, Value: account.role },
    { Name: CLAIM.tenant, Value: account.tenant },
    ...(account.agency ? [{ Name: CLAIM.agency, Value: account.agency }] : []),
    ...(account.industries?.length ? [{ Name: CLAIM.industry, Value: account.industries.join(',') }] : []),
    ...(account.email ? [{ Name: 'email', Value: account.email }, { Name: 'email_verified', Value: 'true' }] : []),
    { Name: 'name', Value: account.name },
  ];
  try {
    const created = await client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: account.username, UserAttributes: attributes, DesiredDeliveryMediums: account.email ? ['EMAIL'] : [] }));
    return { subject: created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? account.username, provider: 'cognito' };
  } catch (error) {
    // A retry after a failed transaction finds the user already created: reuse it.
    if ((error as Error).name !== 'UsernameExistsException') throw error;
    const existing = await client.send(new AdminGetUserCommand({ UserPoolId: pool, Username: account.username }));
    return { subject: existing.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? account.username, provider: 'cognito' };
  }
}
