import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface DataTableProps {
  removalPolicy: RemovalPolicy;
  /** On outside a sandbox: deleting a city's table takes a deliberate second step. */
  deletionProtection: boolean;
}

/** Names of the table's keys and indexes: the contract between lib/ and the functions' adapters. */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Second access path of most entities (e.g. projects of a tenant by status, agencies by industry). */
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Sparse: only items that carry gsi2pk appear (e.g. open registration windows, due deadlines). */
  gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Epoch seconds. DynamoDB Local never deletes expired items: readers check expiry themselves. */
  ttl: 'expiresAt',
} as const;

/**
 * One single-table DynamoDB table: the city's (every tenant-owned item carries its tenant code in its key,
 * DESIGN §2) and, with the same shape, the province's read models.
 *
 * Encryption: the AWS managed key (aws/dynamodb). Every use of it is visible in CloudTrail and nothing has
 * to be administered per city; a customer managed key would add a key policy, grants and a monthly cost
 * per city for what we do not need (cross-account reads of the table, crypto-shredding by key deletion).
 * AWS::DynamoDB::Table (not TableV2) because the local cloud and the tests read that resource type.
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const S = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.sortKey, type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const index of [TABLE_KEYS.gsi1, TABLE_KEYS.gsi2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: S },
        sortKey: { name: index.sortKey, type: S },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }
}
