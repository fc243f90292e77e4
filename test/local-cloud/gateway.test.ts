// Strategy: the Gateway alone, on a random port, with stand-in services that answer with their own
// signing name. Real SDK v3 clients (DynamoDB, SQS, EventBridge, S3 presigner) produce the requests,
// so routing is tested on what the SDK really sends (SigV4 scope, X-Amz-Target, presigned queries);
// the shapes no SDK v3 client produces (query-protocol forms, unsigned GETs, /_local routes) are sent
// with fetch. A failing handler must answer 500 and leave the gateway serving.
import type http from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Gateway } from '../../lib/local-cloud/gateway.ts';
import { LOCAL_REGION, type AwsServiceHandler } from '../../lib/local-cloud/model.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let gateway: Gateway;
let endpoint: string;
const seen: { service: string; body: string }[] = [];

// Answers in the JSON shape each SDK expects, naming itself, so the SDK call itself shows the route.
function standIn(signingName: string, answer: (req: http.IncomingMessage) => unknown): AwsServiceHandler {
  return {
    signingName,
    async handle(req, res, body) {
      seen.push({ service: signingName, body: body.toString('utf8') });
      const text = JSON.stringify(answer(req));
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) }).end(text);
    },
  };
}

beforeAll(async () => {
  gateway = new Gateway({ port: 0, host: '127.0.0.1' });
  gateway.register(standIn('dynamodb', () => ({ TableNames: ['answered-by-dynamodb'] })));
  gateway.register(standIn('sqs', () => ({ QueueUrls: ['answered-by-sqs'] })));
  gateway.register(standIn('s3', (req) => ({ service: 's3', url: req.url })));
  gateway.control('GET', '/_local/apis', async (_req, res) => void res.writeHead(200).end('apis'));
  gateway.control('GET', '/_local/apis/special', async (_req, res) => void res.writeHead(200).end('special'));
  gateway.control('*', '/_local/boom', async () => { throw new Error('handler failed'); });
  await gateway.listen();
  endpoint = `http://127.0.0.1:${gateway.port}`;
});
afterAll(() => gateway.close());

test('routes by the SigV4 credential scope of the SDK clients', async () => {
  const dynamo = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials });
  const sqs = new SQSClient({ endpoint, region: LOCAL_REGION, credentials });
  expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toEqual(['answered-by-dynamodb']);
  expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual(['answered-by-sqs']);
  dynamo.destroy();
  sqs.destroy();
});

test('routes a presigned URL by its X-Amz-Credential, and unsigned requests to S3', async () => {
  const s3 = new S3Client({ endpoint, region: LOCAL_REGION, credentials, forcePathStyle: true });
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'b', Key: 'k' }), { expiresIn: 60 });
  expect(await (await fetch(url)).json()).toMatchObject({ service: 's3' });
  expect(await (await fetch(`${endpoint}/b/k`)).json()).toEqual({ service: 's3', url: '/b/k' });
  s3.destroy();
});

test('routes unsigned requests by X-Amz-Target and query-protocol forms by Action and Version', async () => {
  const byTarget = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
  expect(await byTarget.json()).toEqual({ TableNames: ['answered-by-dynamodb'] });
  const form = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05' });
  expect(await form.json()).toEqual({ QueueUrls: ['answered-by-sqs'] });
  expect(seen.at(-1)).toEqual({ service: 'sqs', body: 'Action=ListQueues&Version=2012-11-05' }); // the body reaches the service whole
});

test('a service nobody registered answers 501 naming it, through the SDK too', async () => {
  const events = new EventBridgeClient({ endpoint, region: LOCAL_REGION, credentials, maxAttempts: 1 });
  await expect(events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 501 } });
  const unsigned = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' });
  expect(unsigned.status).toBe(501);
  expect(((await unsigned.json()) as { message: string }).message).toContain("'states'");
  events.destroy();
});

test('/_local routes: longest prefix wins, unknown ones are 404 JSON', async () => {
  expect(await (await fetch(`${endpoint}/_local/apis`)).text()).toBe('apis');
  expect(await (await fetch(`${endpoint}/_local/apis/special/x`)).text()).toBe('special');
  const missing = await fetch(`${endpoint}/_local/nothing`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ message: expect.stringContaining('/_local/nothing') });
  expect((await fetch(`${endpoint}/_local/apis`, { method: 'DELETE' })).status).toBe(404);
});

test('a failing handler answers 500 with a JSON message and the gateway keeps serving', async () => {
  const failed = await fetch(`${endpoint}/_local/boom`, { method: 'POST', body: 'x' });
  expect(failed.status).toBe(500);
  expect(await failed.json()).toEqual({ message: 'handler failed' });
  expect(await (await fetch(`${endpoint}/_local/apis`)).text()).toBe('apis');
});
