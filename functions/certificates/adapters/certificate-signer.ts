import { kms } from '#shared/aws-clients.ts';
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { jwksOf, type PublishedJwks } from '../domain/jwks.ts';
import type { CertificateSigner } from '../domain/signer-port.ts';
import { KmsSigner } from './kms-signer.ts';

/**
 * The city's certificate signer: its KMS key (CERTIFICATE_KEY_ID), resolved once per container. Everywhere —
 * AWS, LocalStack, the local cloud — it is KMS; only the endpoint differs, and the SDK reads that itself.
 */
let signer: Promise<CertificateSigner> | undefined;

export function certificateSigner(): Promise<CertificateSigner> {
  signer ??= KmsSigner.create(kms(), requireEnv(ENV.certificateKeyId));
  signer.catch(() => (signer = undefined));
  return signer;
}

/**
 * The key set `/.well-known/jwks.json` publishes. Certificates outlive keys (15 years and more): a key retired
 * from signing must stay published, as `jwksOf`'s `retired` list allows; this city has signed with one key so far.
 */
export async function publishedKeys(): Promise<PublishedJwks> {
  return jwksOf([await certificateSigner()]);
}
