/**
 * `npm run -s token -- --role <role> --tenant <code> [--agency <uscc>] [--sub <id>] [--industry a,b]`
 *
 * Asks the running local cloud's OIDC issuer for an ID token and prints only the JWT on stdout, so that
 * `TOKEN=$(npm run -s token -- --role operator --tenant 445200)` works. The token carries the same
 * claims a Cognito ID token carries in the cloud, and the local JWT authorizer accepts it.
 */
import { parseArgs } from 'node:util';
import { validateTokenRequest, TokenRequestError, type TokenRequest } from '../lib/local-cloud/oidc.ts';
import { LOCAL_ISSUER_PATH } from '../lib/local-cloud/model.ts';

const USAGE = `Usage: npm run -s token -- --role <role> [--tenant <code>] [--agency <uscc>] [--sub <id>]
                          [--industry a,b] [--expires-in <seconds>] [--endpoint <url>]

Prints a JWT the local cloud's HTTP APIs accept (the local cloud must be running: npm start).

  --role        owner | agency | regulator | operator | province-admin
  --tenant      6-digit administrative division code, e.g. 445200 (揭阳市), 445202 (榕城区);
                a province-admin needs a province code, e.g. 440000 (广东省)
  --agency      统一社会信用代码 (18 characters) of the agency an agency clerk works for
  --industry    industries a regulator supervises, comma-separated, e.g. environment,housing
  --sub         subject of the token (default <role>-<tenant>)
  --expires-in  lifetime in seconds (default 43200 = 12 h; negative = already expired, for tests)
  --endpoint    the local cloud (default $ISM_LOCAL_ENDPOINT or http://localhost:4566)

Example: TOKEN=$(npm run -s token -- --role operator --tenant 445200)
         curl -H "Authorization: Bearer $TOKEN" http://localhost:3000/v1/tenants/445200`;

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(1);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        tenant: { type: 'string' },
        agency: { type: 'string' },
        industry: { type: 'string' },
        sub: { type: 'string' },
        'expires-in': { type: 'string' },
        endpoint: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.role) fail(`--role is required\n\n${USAGE}`);

  const request: TokenRequest = {
    role: values.role as TokenRequest['role'],
    ...(values.tenant !== undefined && { tenant: values.tenant }),
    ...(values.agency !== undefined && { agency: values.agency }),
    ...(values.industry !== undefined && { industry: values.industry }),
    ...(values.sub !== undefined && { sub: values.sub }),
  };
  if (values['expires-in'] !== undefined) {
    const seconds = Number(values['expires-in']);
    if (!Number.isInteger(seconds)) fail(`--expires-in must be a whole number of seconds, got '${values['expires-in']}'`);
    request.expiresInSeconds = seconds;
  }
  // The same rules the issuer applies, so a typo is reported even when the local cloud is down.
  try {
    validateTokenRequest(request);
  } catch (err) {
    if (err instanceof TokenRequestError) fail(err.message);
    throw err;
  }

  const endpoint = (values.endpoint ?? process.env.ISM_LOCAL_ENDPOINT ?? 'http://localhost:4566').replace(/\/+$/, '');
  const url = `${endpoint}${LOCAL_ISSUER_PATH}/token`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request), signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (err as Error).message;
    fail(`the local cloud is not running at ${endpoint} (${reason}); start it with: npm start`);
  }
  const text = await response.text();
  let answer: { token?: string; message?: string } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    // reported below
  }
  if (response.status === 404) fail(`${endpoint} is not a local cloud with an OIDC issuer (POST ${LOCAL_ISSUER_PATH}/token answered 404)`);
  if (!response.ok || !answer.token) fail(`the local issuer refused: ${answer.message ?? `HTTP ${response.status} ${text.slice(0, 200)}`}`);
  process.stdout.write(`${answer.token}\n`);
}

main().catch((err: unknown) => fail((err as Error).stack ?? String(err)));
