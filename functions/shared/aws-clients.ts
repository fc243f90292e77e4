/**
 * The one AWS SDK client factory (STYLE rule 3). Endpoints are never written here: the SDK reads
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> itself, so the same bundle talks to AWS, LocalStack
 * or the local cloud. Checksums: SDK v3 ≥ 3.729 sends CRC32 checksum headers by default, which S3
 * emulators reject; WHEN_REQUIRED is also what AWS itself needs. Clients are built once per module
 * scope (a Lambda container), lazily so a function that never touches S3 never builds an S3 client.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { KMSClient } from '@aws-sdk/client-kms';

const common = { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } as const;

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export const dynamo = once(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ ...common }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }),
);
// Path-style addressing works on AWS and on every emulator; virtual-hosted names need wildcard DNS.
export const s3 = once(() => new S3Client({ ...common, forcePathStyle: true }));
export const eventBridge = once(() => new EventBridgeClient({ ...common }));
export const sqs = once(() => new SQSClient({ ...common }));
export const stepFunctions = once(() => new SFNClient({ ...common }));
/** Signs selection certificates (functions/certificates/adapters/kms-signer.ts). */
export const kms = once(() => new KMSClient({ ...common }));
