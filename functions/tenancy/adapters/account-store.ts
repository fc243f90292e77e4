import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { listByIndex } from '#shared/store/query.ts';
import { dynamo } from '#shared/aws-clients.ts';
import { tenantKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { Account } from '../domain/onboarding.ts';

export const accountStore = {
  async get(tenant: string, subject: string): Promise<Account | undefined> {
    const item = (await dynamo().send(new GetCommand({ TableName: tableName(), Key: { pk: tenantKeys.account(tenant, subject).pk, sk: 'ACCOUNT' } }))).Item;
    return item ? (withoutKeys(item) as Account) : undefined;
  },
  list: (tenant: string) => listByIndex<Account>(`${tenant}#ACCOUNTS`),
  stage(uow: UnitOfWork, account: Account): void {
    uow.put({ ...tenantKeys.account(account.tenant, account.subject), ...account }, { expression: 'attribute_not_exists(pk)' });
  },
};
