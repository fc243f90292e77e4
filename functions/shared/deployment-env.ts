/**
 * The environment every function of a city (or the province) stack receives from the CDK app (lib/constructs/ism-function.ts).
 * This file is the contract between lib/ and functions/: names here, values there. Endpoints are never
 * part of it — the AWS SDK reads them from AWS_ENDPOINT_URL* itself.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  documentsBucket: 'DOCUMENTS_BUCKET',
  certificatesBucket: 'CERTIFICATES_BUCKET',
  eventBusName: 'EVENT_BUS_NAME',
  timelineStateMachineArn: 'TIMELINE_STATE_MACHINE_ARN',
  notificationsQueueUrl: 'NOTIFICATIONS_QUEUE_URL',
  cityCode: 'CITY_CODE',
  cityName: 'CITY_NAME',
  provinceCode: 'PROVINCE_CODE',
  provinceName: 'PROVINCE_NAME',
  /**
   * Whose replica this function keeps (the events it applied are marked under it, functions/replication/apply-once.ts):
   * the city code in a city stack, the province code in the province stack.
   */
  replicaScope: 'REPLICA_SCOPE',
  /** The province stack's cities, from the topology: JSON `[{ "code", "name" }]` (functions/province/adapters/cities.ts). */
  provinceCities: 'PROVINCE_CITIES',
  /** `sandbox` (training, demos, tests: time acceleration allowed) or `production`. */
  deploymentKind: 'DEPLOYMENT_KIND',
  /** Cognito user pool of the city when identity is Cognito; absent with an external OIDC issuer. */
  userPoolId: 'USER_POOL_ID',
  /** The province's e-licence gateway (电子证照库); absent where the province has none. */
  elicenceUrl: 'ELICENCE_URL',
  /** The regulators' credit feed (行政处罚、失信被执行人; functions/credit/adapters/regulator-feed.ts); absent where there is none. */
  regulatorFeedUrl: 'REGULATOR_FEED_URL',
  /** ARN of the city's KMS key that signs selection certificates; set for functions with `certificateKey` access. */
  certificateKeyId: 'CERTIFICATE_KEY_ID',
  /** Public base URL of the city's API (certificates link their verification page under it); with `certificateKey` access. */
  publicApiUrl: 'PUBLIC_API_URL',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export function requireEnv(name: EnvName): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the CDK app sets it)`);
  return value;
}

export function optionalEnv(name: EnvName): string | undefined {
  return process.env[name] || undefined;
}
