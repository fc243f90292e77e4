/**
 * `npm start`: the whole product on this machine — no AWS account, no Docker, no internet.
 * Synthesizes the CDK app and runs what was synthesized (DESIGN section 9). Flags:
 *   --reset            start from empty data (otherwise .local-cloud/ is kept between runs)
 *   --port N           the AWS-compatible endpoint (default 4566)
 *   --api-port N       first HTTP API port (default 3000; one port per stack API, in topology order)
 *   --state-dir DIR    where data lives (default .local-cloud, git-ignored)
 *   --no-seed          do not seed the demo province on a fresh state
 *   --no-demo-projects seed the province (counties, catalogues, owners, experts) but not the live demo: no demo
 *                      agencies, no demo projects driven through the timeline (the integration tests pass it)
 *   --verbose          echo function logs and HTTP access lines
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startLocalCloud } from './cloud.ts';

const { values } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.ISM_LOCAL_PORT ?? '4566' },
    'api-port': { type: 'string', default: '3000' },
    'state-dir': { type: 'string', default: '.local-cloud' },
    'no-seed': { type: 'boolean', default: false },
    'no-demo-projects': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const repoRoot = process.cwd();
const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

const cloud = await startLocalCloud({
  repoRoot,
  stateDir: resolve(repoRoot, values['state-dir']!),
  port: Number(values.port),
  apiPort: Number(values['api-port']),
  reset: values.reset!,
  seed: !values['no-seed'],
  demoProjects: !values['no-demo-projects'],
  verbose: values.verbose!,
  log,
}).catch((error: Error) => {
  console.error(`local cloud failed to start: ${error.message}`);
  console.error(error.stack);
  process.exit(1);
});

console.log(`
网上中介服务超市 — local cloud ready in ${(cloud.timings.total / 1000).toFixed(1)} s
  AWS endpoint   ${cloud.endpoint}   (aws --endpoint-url ${cloud.endpoint} dynamodb list-tables)
  API list       ${cloud.endpoint}/_local/apis`);
for (const api of cloud.apis) console.log(`  ${api.stack.padEnd(20)} ${api.url}   (${api.routes} routes; ${api.url}/v1/health, ${api.url}/v1/openapi.json)`);
if (cloud.demo) {
  console.log(`  demo           agencies admitted and 5 projects per demo county driven through the real timeline in the background
                 (about a minute; [seed] lines): open, failed, awarded, confirmed, evaluated. Their counties are
                 accelerated only while it runs and left at timeAccelerator 1 (real time), so the open and awarded
                 ones stay so for days. GET ${cloud.apis[0]?.url}/v1/tenants/445203/projects`);
}
console.log(`  token          npm run -s token -- --role operator --tenant 445203
  stop           Ctrl-C (data is kept; npm start -- --reset starts clean)
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log('stopping…');
    cloud.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
