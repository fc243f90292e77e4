import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface CertificateKeyProps {
  cityCode: string;
  /** RETAIN in production: the key set at /.well-known/jwks.json publishes this key's public half for as long as certificates it signed are kept. */
  removalPolicy: RemovalPolicy;
}

/**
 * The city's certificate signing key (DESIGN §5): an asymmetric KMS key, ECC_NIST_P256 for SIGN_VERIFY, whose
 * private half never leaves KMS. Functions sign through it with `kms:Sign` (ECDSA_SHA_256) and publish its public
 * half with `kms:GetPublicKey`; both are granted per function from its FunctionAccess (ism-function.ts). The key
 * policy is the CDK default (the account, i.e. IAM, decides), so no function's role needs to be named here.
 * Asymmetric KMS keys cannot rotate automatically: a new key would be a new construct, the old one staying for
 * verification (functions/certificates/domain/jwks.ts publishes retired keys beside the current one).
 */
export class CertificateKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: CertificateKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `ism ${props.cityCode}: signs selection certificates (中选确认书), JWS ES256`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: `alias/ism-${props.cityCode}-certificates`,
      removalPolicy: props.removalPolicy,
      // The longest KMS allows: a key scheduled for deletion by mistake can still be saved for a month.
      pendingWindow: Duration.days(30),
    });
  }

  /** Read the public key (the JWKS); with `sign`, also sign. */
  static actions(level: 'public' | 'sign'): string[] {
    return level === 'sign' ? ['kms:GetPublicKey', 'kms:Sign'] : ['kms:GetPublicKey'];
  }
}
