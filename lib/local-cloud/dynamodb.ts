/**
 * DynamoDB for the local cloud: the official DynamoDB Local (shipped by `amplify-dynamodb-simulator`
 * in its `emulator/` folder) run once as a Java child on an internal port, with the synthesized
 * tables created in it; the gateway relays the wire protocol to it unchanged. Data lives under
 * `<stateDir>/dynamodb` between runs.
 *
 * Gap kept (DESIGN §9): DynamoDB Local never deletes expired TTL items; nothing may rely on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import {
  CreateTableCommand, DescribeTableCommand, type GlobalSecondaryIndex, DescribeTimeToLiveCommand, DynamoDBClient,
  ListTablesCommand, UpdateTableCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { relay, type Upstream } from './gateway.ts';
import type { AwsServiceHandler, TableSpec } from './model.ts';

export interface LocalDynamoDb {
  service: AwsServiceHandler;
  /** The emulator's own endpoint (internal port), for tools that want to skip the gateway. */
  endpoint: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const JAVA_MISSING = 'DynamoDB Local needs Java: install Java 17+: apt-get install openjdk-17-jre-headless';

/**
 * `java` defaults to `$JAVA_HOME/bin/java`, else `java` on the PATH.
 */
export async function startDynamoDb(opts: { stateDir: string; tables: TableSpec[]; reset: boolean; log?: (m: string) => void; java?: string }): Promise<LocalDynamoDb> {
  const log = opts.log ?? (() => {});
  const dbPath = path.join(opts.stateDir, 'dynamodb');
  if (opts.reset) fs.rmSync(dbPath, { recursive: true, force: true });
  fs.mkdirSync(dbPath, { recursive: true });

  const port = await freePort();
  const emulator = emulatorDir();
  const java = opts.java ?? (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
  const child = spawn(java, [
    `-Djava.library.path=${path.join(emulator, 'DynamoDBLocal_lib')}`,
    '-jar', path.join(emulator, 'DynamoDBLocal.jar'),
    '-sharedDb', '-dbPath', dbPath, '-port', String(port),
    // No internet locally; telemetry would only slow the start.
    '-disableTelemetry',
  ], { cwd: emulator, stdio: ['ignore', 'pipe', 'pipe'] });
  // A Java child outliving us would hold the port and the database file: kill it at exit, and have a
  // watchdog kill it if we die without an 'exit' event (SIGTERM/SIGKILL from an IDE or `timeout`).
  const watchdog = child.pid !== undefined ? startWatchdog(child.pid) : undefined;
  const killOnExit = () => { child.kill('SIGKILL'); watchdog?.kill(); };
  process.on('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const upstream: Upstream = { host: '127.0.0.1', port, agent: new http.Agent({ keepAlive: true }) };
  const stop = async () => {
    process.off('exit', killOnExit);
    watchdog?.kill();
    client.destroy();
    upstream.agent.destroy();
    await terminate(child);
  };
  try {
    await waitUntilReady(child, client);
    await Promise.all(opts.tables.map((table) => ensureTable(client, table, log)));
  } catch (error) {
    await stop();
    throw error;
  }
  log(`DynamoDB Local on ${endpoint} (${opts.tables.length} tables, data in ${dbPath})`);

  const service: AwsServiceHandler = {
    signingName: 'dynamodb',
    // Byte for byte: X-Amz-Target, the JSON body and the signature headers go through unchanged.
    handle: async (req, res, body) => void (await relay(upstream, req, res, body)),
  };
  return { service, endpoint, stop };
}

function emulatorDir(): string {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  try {
    return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  } catch {
    // The package's `exports` may hide package.json; fall back to the usual layout.
    return path.join(process.cwd(), 'node_modules', 'amplify-dynamodb-simulator', 'emulator');
  }
}

async function waitUntilReady(child: ChildProcess, client: DynamoDBClient): Promise<void> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'ENOENT' ? JAVA_MISSING : `DynamoDB Local failed to start: ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (code ${code}) before answering:\n${output.trim()}`)));
  });
  failed.catch(() => {});
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const answered = await Promise.race([client.send(new ListTablesCommand({})).then(() => true, () => false), failed]);
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${output.trim()}`);
    await Promise.race([new Promise((r) => setTimeout(r, 100)), failed]);
  }
}

/** Creates the table as synthesized, or brings an existing one up to date (new GSIs, TTL). */
async function ensureTable(client: DynamoDBClient, table: TableSpec, log: (m: string) => void): Promise<void> {
  const existing = await client.send(new DescribeTableCommand({ TableName: table.name })).then((r) => r.Table, () => undefined);
  if (!existing) {
    await client.send(new CreateTableCommand({
      TableName: table.name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: table.keySchema,
      AttributeDefinitions: table.attributeDefinitions,
      // The model keeps ProjectionType a plain string, as CloudFormation has it.
      GlobalSecondaryIndexes: table.globalSecondaryIndexes?.length ? (table.globalSecondaryIndexes as GlobalSecondaryIndex[]) : undefined,
    }));
    log(`created table ${table.name}`);
  } else {
    // A GSI added to the CDK app since the last run: state kept between runs must not miss it.
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
    for (const gsi of table.globalSecondaryIndexes ?? []) {
      if (present.has(gsi.IndexName)) continue;
      await client.send(new UpdateTableCommand({ TableName: table.name, AttributeDefinitions: table.attributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: gsi as GlobalSecondaryIndex }] }));
      log(`added index ${gsi.IndexName} to ${table.name}`);
    }
    // DynamoDB Local backfills a new index in the background (CREATING); queries on it fail until ACTIVE.
    for (let t = Date.now(); Date.now() - t < READY_TIMEOUT_MS; await new Promise((r) => setTimeout(r, 50))) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
      if ((Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) break;
    }
  }
  if (table.timeToLiveAttribute) {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table.name }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(new UpdateTimeToLiveCommand({ TableName: table.name, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }));
    }
  }
}

function startWatchdog(javaPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${javaPid} 2>/dev/null`;
  const watchdog = spawn('sh', ['-c', script], { stdio: 'ignore' });
  watchdog.on('error', () => {}); // no sh: only the 'exit' handler guards then
  watchdog.unref();
  return watchdog;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function terminate(child: ChildProcess): Promise<void> {
  // No pid: `java` never started (ENOENT), so there is nothing to wait for.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
