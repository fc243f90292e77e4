/**
 * AWS KMS for the local cloud (AWS JSON 1.1, `X-Amz-Target: TrentService.<Operation>`), for the asymmetric
 * keys the CDK app synthesizes: certificates are signed with a KMS key in the cloud and here alike, so the
 * functions carry no `if (local)` (DESIGN §9). Each synthesized ECC_NIST_P256 / SIGN_VERIFY key gets a P-256
 * private key generated on first start and kept in `<stateDir>/kms-keys.json` (a local secret, git-ignored with
 * the rest of the state), so certificates issued yesterday still verify today; `--reset` makes new keys.
 *
 * Operations: DescribeKey, GetPublicKey, Sign and Verify (ECDSA_SHA_256, MessageType RAW), ListKeys,
 * ListAliases. A key is named as KMS allows: key id, key ARN, alias name or alias ARN. Not emulated: other key
 * specs, MessageType DIGEST (Node has no pre-hashed ECDSA), grants and key policies (the local cloud checks no IAM).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AwsServiceHandler, KmsKeySpec } from './model.ts';
import { AwsApiError, epochSeconds, requireString, serveAwsJson, type Operation } from './sfn-aws-json.ts';

export const SIGNING_ALGORITHM = 'ECDSA_SHA_256';
const MAX_RAW_MESSAGE_BYTES = 4096; // KMS Sign/Verify: a RAW message up to 4096 bytes

interface LocalKey {
  spec: KmsKeySpec;
  privateKey: KeyObject;
  createdAt: number;
}

export interface LocalKms {
  service: AwsServiceHandler;
}

export function createKms(opts: { stateDir: string; keys: KmsKeySpec[]; log?: (m: string) => void }): LocalKms {
  const file = path.join(opts.stateDir, 'kms-keys.json');
  const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { pem: string; createdAt: number }>) : {};
  const keys = new Map<string, LocalKey>();
  let generated = 0;
  for (const spec of opts.keys) {
    if (spec.keySpec !== 'ECC_NIST_P256' || spec.keyUsage !== 'SIGN_VERIFY') {
      opts.log?.(`key ${spec.keyId} (${spec.keySpec}/${spec.keyUsage}) is not emulated: only ECC_NIST_P256 signing keys`);
      continue;
    }
    let entry = saved[spec.keyId];
    if (!entry) {
      const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      entry = saved[spec.keyId] = { pem, createdAt: Date.now() };
      generated++;
    }
    keys.set(spec.keyId, { spec, privateKey: createPrivateKey(entry.pem), createdAt: entry.createdAt });
  }
  if (generated > 0) {
    fs.mkdirSync(opts.stateDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
    opts.log?.(`generated ${generated} signing key(s) in ${file}`);
  }

  const find = (input: Record<string, unknown>): LocalKey => {
    const id = requireString(input, 'KeyId');
    const alias = id.includes(':alias/') ? id.slice(id.indexOf(':alias/') + 1) : id;
    for (const key of keys.values()) {
      if (key.spec.keyId === id || key.spec.arn === id || key.spec.aliases.includes(alias)) return key;
    }
    throw new AwsApiError('NotFoundException', `Key '${id}' does not exist`);
  };
  const message = (input: Record<string, unknown>): Buffer => {
    if ((input.MessageType ?? 'RAW') !== 'RAW') throw new AwsApiError('UnsupportedOperationException', 'The local KMS signs RAW messages only');
    if (input.SigningAlgorithm !== SIGNING_ALGORITHM) {
      throw new AwsApiError('InvalidKeyUsageException', `Key supports ${SIGNING_ALGORITHM}, not ${String(input.SigningAlgorithm)}`);
    }
    const bytes = Buffer.from(requireString(input, 'Message'), 'base64');
    if (bytes.length < 1 || bytes.length > MAX_RAW_MESSAGE_BYTES) {
      throw new AwsApiError('ValidationException', `1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RAW_MESSAGE_BYTES}`);
    }
    return bytes;
  };
  const metadata = (key: LocalKey) => ({
    AWSAccountId: key.spec.arn.split(':')[4], KeyId: key.spec.keyId, Arn: key.spec.arn, CreationDate: epochSeconds(key.createdAt),
    Enabled: true, KeyState: 'Enabled', Description: key.spec.description ?? '', KeyManager: 'CUSTOMER', Origin: 'AWS_KMS',
    KeyUsage: 'SIGN_VERIFY', KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', SigningAlgorithms: [SIGNING_ALGORITHM], MultiRegion: false,
  });

  const operations: Record<string, Operation> = {
    DescribeKey: (input) => ({ KeyMetadata: metadata(find(input)) }),
    GetPublicKey: (input) => {
      const key = find(input);
      return {
        KeyId: key.spec.arn, KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [SIGNING_ALGORITHM],
        PublicKey: createPublicKey(key.privateKey).export({ format: 'der', type: 'spki' }).toString('base64'),
      };
    },
    Sign: (input) => {
      const key = find(input);
      const signature = sign('sha256', message(input), { key: key.privateKey, dsaEncoding: 'der' });
      return { KeyId: key.spec.arn, Signature: signature.toString('base64'), SigningAlgorithm: SIGNING_ALGORITHM };
    },
    Verify: (input) => {
      const key = find(input);
      const valid = verify('sha256', message(input), { key: createPublicKey(key.privateKey), dsaEncoding: 'der' }, Buffer.from(requireString(input, 'Signature'), 'base64'));
      if (!valid) throw new AwsApiError('KMSInvalidSignatureException', 'The signature is not valid');
      return { KeyId: key.spec.arn, SignatureValid: true, SigningAlgorithm: SIGNING_ALGORITHM };
    },
    ListKeys: () => ({ Keys: [...keys.values()].map((k) => ({ KeyId: k.spec.keyId, KeyArn: k.spec.arn })), Truncated: false }),
    ListAliases: () => ({
      Aliases: [...keys.values()].flatMap((k) => k.spec.aliases.map((a) => ({ AliasName: a, AliasArn: k.spec.arn.replace(/:key\/.*$/, `:${a}`), TargetKeyId: k.spec.keyId }))),
      Truncated: false,
    }),
  };

  return {
    service: {
      signingName: 'kms',
      handle: (req, res, body) => serveAwsJson({ targetPrefix: 'TrentService', contentType: 'application/x-amz-json-1.1', operations, log: opts.log }, req, res, body),
    },
  };
}
