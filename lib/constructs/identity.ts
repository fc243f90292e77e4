import { Aws, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLAIM } from '../../functions/shared/auth/claims.ts';
import type { IdentityConfig } from '../config.ts';

export interface IdentityProps {
  config: IdentityConfig;
  /** Used in the user pool's name and the app client's name. */
  cityCode: string;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
}

/** `custom:role` → `role`: the custom attribute that gives the claim of functions/shared/auth/claims.ts. */
const attribute = (claim: string) => claim.replace(/^custom:/, '');

/**
 * Who may call the city's API: either the city's own Cognito user pool or an external OIDC issuer
 * (a province's unified identity platform 统一身份认证, or the local cloud's issuer). Either way the JWT
 * authorizer needs only an issuer and an audience, and the tokens carry the claims of claims.ts.
 */
export class Identity extends Construct {
  readonly issuer: string;
  readonly audience: string[];
  /** Present when identity is Cognito. */
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;

  get userPoolId(): string | undefined {
    return this.userPool?.userPoolId;
  }

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    if (props.config.kind === 'oidc') {
      this.issuer = props.config.issuer;
      this.audience = props.config.audience;
      return;
    }

    const claimAttributes = [CLAIM.role, CLAIM.tenant, CLAIM.agency, CLAIM.industry].map(attribute);
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `ism-${props.cityCode}`,
      // Accounts are created by operators and by the admission flow (AdminCreateUser), never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: false, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: Object.fromEntries(claimAttributes.map((name) => [
        name,
        new cognito.StringAttribute({ minLen: 1, maxLen: name === 'industry' ? 256 : 64, mutable: true }),
      ])),
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP), not required: Cognito can only require it pool-wide, and the pool serves the clerks of '
          + 'project owners and agencies as well; requiring it of operator and regulator accounts is the onboarding flow\'s job.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan (threat protection, formerly advanced security features) is not offered in the AWS China '
          + 'regions the product is built for; sign-in abuse is bounded by Cognito\'s throttling and lockout and the password policy.',
      },
    );

    this.userPoolClient = this.userPool.addClient('Portal', {
      userPoolClientName: `ism-${props.cityCode}-portal`,
      // A browser app cannot keep a secret: SRP sign-in, no client secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...claimAttributes),
      // Users must not change their own role, tenant, agency or industry: only the standard attributes are
      // writable through the client; the claims are set by administrators (AdminUpdateUserAttributes).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });

    // cognito-idp.<region>.amazonaws.com.cn in the China partition: the URL suffix is not a literal.
    this.issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
    // ID tokens carry the custom:* claims and `aud` = the app client id.
    this.audience = [this.userPoolClient.userPoolClientId];
  }
}
