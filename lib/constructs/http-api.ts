import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiContext } from '../../functions/contexts.ts';
import { routeKey } from '../../functions/shared/http/route-spec.ts';
import { deploymentScope, type FunctionDeployment, IsmFunction } from './ism-function.ts';

export interface CityApiProps {
  /** The API contexts of functions/contexts.ts: the only source of routes. */
  contexts: ApiContext[];
  deployment: FunctionDeployment;
  /** From Identity: the JWT authorizer's issuer and accepted audiences; an API of public routes only has none. */
  issuer?: string;
  audience?: string[];
  corsOrigins: string[];
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** Stage-wide defaults; per-tenant limits belong to the application (DESIGN §2), not to the stage. */
const THROTTLE = { rateLimit: 200, burstLimit: 400 };

/**
 * The city's HTTP API (payload format 2.0): one IsmFunction per API context, one route per RouteSpec
 * (`auth: 'public'` → no authorizer, anyone may call it: 在阳光下运行; `'jwt'` → the JWT authorizer),
 * JSON access logs, stage throttling and CORS for the portal.
 */
export class CityApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly functions = new Map<string, IsmFunction>();
  readonly routes: apigw.HttpRoute[] = [];

  get url(): string {
    return this.stage.url;
  }

  constructor(scope: Construct, id: string, props: CityApiProps) {
    super(scope, id);
    const owner = deploymentScope(props.deployment);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `ism-${owner}`,
      description: `Online intermediary services supermarket (网上中介服务超市), ${props.deployment.cityCode ? 'city' : 'province'} ${owner}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.corsOrigins,
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.PUT,
          apigw.CorsHttpMethod.PATCH, apigw.CorsHttpMethod.DELETE, apigw.CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        exposeHeaders: ['location', 'etag'],
        maxAge: Duration.days(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          time: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          responseLength: '$context.responseLength',
          latencyMs: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
          authorizerError: '$context.authorizer.error',
          sub: '$context.authorizer.claims.sub',
        })),
      },
    });

    const { issuer, audience } = props;
    const authorizer = issuer && audience
      ? new HttpJwtAuthorizer('Jwt', issuer, { authorizerName: `ism-${owner}-jwt`, jwtAudience: audience, identitySource: ['$request.header.Authorization'] })
      : undefined;

    const seen = new Map<string, string>();
    for (const context of props.contexts) {
      const handler = new IsmFunction(this, context.name, {
        name: context.name,
        entry: context.entry,
        access: context.access,
        deployment: props.deployment,
        memoryMb: context.memoryMb,
        ...(context.timeoutSeconds ? { timeout: Duration.seconds(context.timeoutSeconds) } : {}),
        description: `API context ${context.name}`,
      });
      this.functions.set(context.name, handler);
      // One permission for the whole API instead of one per route (a function's policy is limited to 20 KB).
      const integration = new HttpLambdaIntegration(`${context.name}Integration`, handler.fn, { scopePermissionToRoute: false });

      for (const spec of context.routes) {
        const key = routeKey(spec);
        const clash = seen.get(key) ?? seen.get(spec.operationId);
        if (clash) throw new Error(`functions/contexts.ts: ${context.name} route ${key} (${spec.operationId}) clashes with ${clash}`);
        seen.set(key, `${context.name} ${spec.operationId}`).set(spec.operationId, `${context.name} ${key}`);

        if (spec.auth === 'jwt' && !authorizer) throw new Error(`${context.name} route ${key} needs a JWT authorizer: this API has no issuer`);
        const route = new apigw.HttpRoute(this, spec.operationId, {
          httpApi: this.api,
          routeKey: apigw.HttpRouteKey.with(spec.path, apigw.HttpMethod[spec.method]),
          integration,
          authorizer: spec.auth === 'jwt' ? authorizer! : new apigw.HttpNoneAuthorizer(),
        });
        this.routes.push(route);
        if (spec.auth === 'public') {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${key} is public by design (role \`public\`, DESIGN §1: everything but secrets is public, 在阳光下运行).`,
          });
        }
      }
    }
  }
}
