import { ENV, requireEnv } from '../deployment-env.ts';

/** The city's single table (lib/constructs/data-table.ts): pk/sk, sparse GSIs gsi1 and gsi2. */
export const tableName = () => requireEnv(ENV.tableName);

export interface Keyed {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  /** Epoch seconds; DynamoDB TTL deletes late (and DynamoDB Local never), so readers check it too. */
  expiresAt?: number;
}

/** Strip the key attributes before a record leaves the store. */
export function withoutKeys<T extends object>(item: T): Omit<T, keyof Keyed> {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expiresAt, ...rest } = item as T & Keyed;
  void pk; void sk; void gsi1pk; void gsi1sk; void gsi2pk; void gsi2sk; void expiresAt;
  return rest as Omit<T, keyof Keyed>;
}

/** Zero-padded so that lexical order of sort keys is numeric order. */
export const pad = (n: number, width = 10) => String(n).padStart(width, '0');
