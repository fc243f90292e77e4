import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LOCAL_AUDIENCE } from './local-cloud/model.ts';
import { type IdentityConfig, loadTopology, type ProvinceConfig, repoRoot } from './config.ts';
import { CityStack } from './stacks/city-stack.ts';
import { ProvinceStack } from './stacks/province-stack.ts';

export interface BuildAppOptions {
  /** Where the cloud assembly goes; the CLI's (cdk.out) when run by `cdk`. */
  outdir?: string;
  /** CDK context, e.g. { 'ism:localIssuer': 'http://localhost:4566/_local/oidc' }. */
  context?: Record<string, unknown>;
  /** @default config/topology.json of the repository */
  topologyPath?: string;
}

/** Context keys of the app. */
export const CONTEXT = {
  /** An OIDC issuer URL every city's JWT authorizer trusts instead of its own identity (the local cloud's). */
  localIssuer: 'ism:localIssuer',
  /** The audience of the local issuer's tokens. @default 'ism-local' */
  localAudience: 'ism:localAudience',
  /** The e-licence gateway every city uses instead of its province's (the local cloud's fake one). */
  elicenceUrl: 'ism:elicenceUrl',
  /** `{ "<city code>": "<base URL>" }`: where each city's API is when the topology gives none (the local cloud's ports). */
  cityUrls: 'ism:cityUrls',
} as const;

/**
 * The whole product as a CDK app: one `Ism-Province-<code>` per province and one `Ism-City-<code>` per
 * city of config/topology.json, checked by cdk-nag's AwsSolutions pack. Pure: the CLI runs it through
 * bin/app.ts, the local cloud calls `buildApp({ outdir, context }).synth()` in-process.
 */
export function buildApp(opts: BuildAppOptions = {}): App {
  // cdk.json's context (feature flags) applies in-process too, so that the local cloud and the tests run
  // the templates `cdk synth` makes; context from the CLI (-c, cdk.json) still takes precedence.
  const app = new App({ outdir: opts.outdir, context: { ...cdkJsonContext(), ...opts.context } });
  const topology = loadTopology(opts.topologyPath);
  const localIssuer = app.node.tryGetContext(CONTEXT.localIssuer) as string | undefined;
  const localAudience = (app.node.tryGetContext(CONTEXT.localAudience) as string | undefined) ?? LOCAL_AUDIENCE;

  for (const province of topology.provinces) {
    const env = environment(province);
    const cityUrls = (app.node.tryGetContext(CONTEXT.cityUrls) as Record<string, string> | undefined) ?? {};
    const provinceStack = new ProvinceStack(app, `Ism-Province-${province.code}`, {
      env, province: { ...province, cities: province.cities.map((c) => ({ ...c, url: c.url ?? cityUrls[c.code] })) },
    });
    const identity: IdentityConfig = localIssuer
      ? { kind: 'oidc', issuer: localIssuer, audience: [localAudience] }
      : province.identity;
    const elicenceUrl = (app.node.tryGetContext(CONTEXT.elicenceUrl) as string | undefined) ?? province.elicenceUrl;
    for (const city of province.cities) {
      const cityStack = new CityStack(app, `Ism-City-${city.code}`, { env, province: { ...province, elicenceUrl }, city, identity });
      // No reference between them (buses are addressed by name), only the order: the province bus first.
      cityStack.addStackDependency(provinceStack, 'the province bus receives what the city forwards');
    }
  }

  // cdk-nag 3 is a policy validation plugin: any finding not acknowledged fails the synthesis, and the
  // findings are written to the assembly's validation report.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/** Environment-agnostic unless the topology pins the province to an account and/or region. */
function environment(province: ProvinceConfig): Environment | undefined {
  if (!province.account && !province.region) return undefined;
  return { account: province.account, region: province.region };
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot(), 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}
