import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { CertificateRetention } from '../config.ts';

export interface DocumentBucketsProps {
  removalPolicy: RemovalPolicy;
  /** Object Lock default retention of certificates: 15 years in production (DESIGN §5, §10). */
  certificateRetention: CertificateRetention;
  /** Browser origins allowed to upload and download with presigned requests. */
  corsOrigins: string[];
  /** Keep server access logs this long. */
  accessLogDays: number;
}

/**
 * The city's two buckets and the bucket that receives their server access logs:
 *  - `documents`: qualification scans and social-security proofs (资质材料), uploaded straight from the
 *    browser with presigned, size- and type-limited POSTs under the tenant's prefix (DESIGN §5);
 *  - `certificates`: sealed selection certificates (中选确认书), write-once: S3 Object Lock in COMPLIANCE
 *    mode, which nobody, the root user included, can shorten or lift before the retention ends.
 * SSE-S3 rather than KMS: browsers upload with presigned POSTs signed by the functions, which would need
 * kms:GenerateDataKey on a key besides; the certificates carry their own signature (ES256 JWS) anyway.
 * A sandbox bucket (DESTROY) is deleted with its stack only when empty: no auto-delete function is added,
 * so that the functions of a stack are the product's own and the local cloud runs nothing else.
 */
export class DocumentBuckets extends Construct {
  readonly documents: s3.Bucket;
  readonly certificates: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DocumentBucketsProps) {
    super(scope, id);
    // S3 delivers access logs under a bucket policy (ACLs stay disabled), whatever the app's flags say.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const secure = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: props.removalPolicy,
    };

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogDays) }],
    });
    // Not logged itself (that would loop); cdk-nag's S1 recognises it as the other buckets' log destination.

    this.documents = new s3.Bucket(this, 'Documents', {
      ...secure,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      cors: [{
        allowedOrigins: props.corsOrigins,
        allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
        allowedHeaders: ['*'],
        exposedHeaders: ['ETag'],
        maxAge: 3000,
      }],
      // Re-uploads within a presign window leave versions verification never saw: they do not linger.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1), noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.certificates = new s3.Bucket(this, 'Certificates', {
      ...secure,
      versioned: true,
      objectLockEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'certificates/',
      cors: [{ allowedOrigins: props.corsOrigins, allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD], allowedHeaders: ['*'], maxAge: 3000 }],
    });
    // Written here rather than with s3.ObjectLockRetention, which always renders days: "15 years" stays
    // 15 calendar years (leap days included) as the retention rule says.
    const cfn = this.certificates.node.defaultChild as s3.CfnBucket;
    cfn.objectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'COMPLIANCE', ...props.certificateRetention } },
    };
  }

  /** `Resource::<LogicalId.Arn>/*`: the object-level wildcard of a bucket as cdk-nag reports it (IAM5). */
  static objectsFinding(bucket: s3.IBucket): string {
    const cfn = bucket.node.defaultChild as s3.CfnBucket;
    return `Resource::<${cfn.stack.getLogicalId(cfn)}.Arn>/*`;
  }
}
