// Self-test of the OAuth2 test infrastructure (server.js + browser.js), without tether:
//   node tests/oidc/selftest.js        (exit status 0 = all good; a few seconds)
import { execFileSync, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'oidc-selftest-'));
const servers = [];
let failures = 0;
let checks = 0;

function check(cond, what, extra) {
  checks += 1;
  if (cond) {
    process.stdout.write(`ok   ${what}\n`);
  } else {
    failures += 1;
    process.stdout.write(`FAIL ${what}${extra !== undefined ? `: ${typeof extra === 'string' ? extra : JSON.stringify(extra)}` : ''}\n`);
  }
}

function startServer(env = {}) {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(here, 'server.js')], {
    stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  servers.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 20 s: ${stderr}`)), 20000);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const info = JSON.parse(line);
      resolve({ ...info, child, ms: Date.now() - t0, stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

const b64url = (buf) => buf.toString('base64url');
const formEnc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
const basic = (id, secret) => `Basic ${Buffer.from(`${formEnc(id)}:${formEnc(secret)}`).toString('base64')}`;

const SECRETS = {
  confidential: 's3:cr%t+value', 'confidential-post': 'p0st:s3cr%t+value', machine: 'm4ch:n3%s3cr+t',
};

async function post(url, params, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = { raw: text }; }
  return { status: res.status, json };
}

function clientAuth(clientId, params) {
  if (clientId === 'native-public') return { params: { ...params, client_id: clientId }, headers: {} };
  if (clientId === 'confidential-post') {
    return { params: { ...params, client_id: clientId, client_secret: SECRETS[clientId] }, headers: {} };
  }
  return { params, headers: { authorization: basic(clientId, SECRETS[clientId]) } };
}

async function token(disc, clientId, params) {
  const a = clientAuth(clientId, params);
  return post(disc.token_endpoint, a.params, a.headers);
}

// A loopback listener like tether's: waits for the one callback with the right state.
function listener(state) {
  const seen = [];
  let resolveCb;
  const done = new Promise((r) => { resolveCb = r; });
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    seen.push(u.pathname + u.search);
    if (u.pathname === '/callback' && u.searchParams.get('state') === state) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>done</p>');
      resolveCb(u);
      srv.close();
    } else {
      res.writeHead(404).end('not this');
    }
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => resolve({ port: srv.address().port, done, seen }));
  });
}

function runBrowser(url, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(join(here, 'browser'), [url], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BROWSER_QUIET: '1', ...env } });
    const t0 = Date.now();
    p.on('exit', (code) => resolve({ code, ms: Date.now() - t0 }));
  });
}

const withTimeout = (p, ms, what) => Promise.race([
  p, new Promise((_, rej) => { setTimeout(() => rej(new Error(`timeout: ${what}`)), ms).unref(); }),
]);

async function authorize(disc, clientId, { scope, prompt = 'consent', env = {} } = {}) {
  const state = b64url(crypto.randomBytes(16));
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  const l = await listener(state);
  const redirectUri = `http://127.0.0.1:${l.port}/callback`;
  const u = new URL(disc.authorization_endpoint);
  u.search = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, state,
    code_challenge: challenge, code_challenge_method: 'S256', ...(prompt ? { prompt } : {}),
  }).toString();
  const b = await runBrowser(u.href, env);
  const cb = await withTimeout(l.done, 10000, `callback for ${clientId}`);
  return {
    cb, verifier, redirectUri, seen: l.seen, browser: b,
  };
}

async function main() {
  const gitRoot = join(tmp, 'git');
  execFileSync('git', ['init', '--quiet', '--bare', join(gitRoot, 'repo.git')]);
  const s = await startServer({ OIDC_ACCESS_TOKEN_TTL: '30', OIDC_GIT_PROJECT_ROOT: gitRoot });
  process.stdout.write(`server ${s.issuer} ready in ${s.ms} ms\n`);
  const disc = await (await fetch(`${s.issuer}/.well-known/openid-configuration`)).json();
  process.stdout.write(`discovery: ${JSON.stringify({
    authorization_endpoint: disc.authorization_endpoint,
    token_endpoint: disc.token_endpoint,
    device_authorization_endpoint: disc.device_authorization_endpoint,
    revocation_endpoint: disc.revocation_endpoint,
    introspection_endpoint: disc.introspection_endpoint,
    jwks_uri: disc.jwks_uri,
    authorization_response_iss_parameter_supported: disc.authorization_response_iss_parameter_supported,
  })}\n`);
  check(disc.issuer === s.issuer, 'discovery issuer');
  const rfc8414 = await fetch(`${s.issuer}/.well-known/oauth-authorization-server`);
  const meta = rfc8414.status === 200 ? await rfc8414.json() : {};
  check(meta.issuer === s.issuer && meta.token_endpoint === disc.token_endpoint,
    'RFC 8414 metadata address serves the same metadata', { status: rfc8414.status, issuer: meta.issuer });
  const metaLog = (await (await fetch(`${s.issuer}/test/stats`)).json()).discovery_log;
  check(metaLog.length === 2 && metaLog[1].path === '/.well-known/oauth-authorization-server' && metaLog[1].authorization === false,
    'metadata requests are logged', metaLog);

  // --- auth code + PKCE, public client, with stray requests before the real callback
  const log1 = join(tmp, 'b1.log');
  const a1 = await authorize(disc, 'native-public', {
    scope: 'openid offline_access files.read', env: { BROWSER_STRAY: '1', BROWSER_LOG: log1 },
  });
  check(a1.browser.code === 0 && a1.browser.ms < 5000, `browser detaches at once (exit ${a1.browser.code} in ${a1.browser.ms} ms)`);
  check(a1.cb.searchParams.get('iss') === s.issuer, 'iss in the redirect', a1.cb.href);
  check(!!a1.cb.searchParams.get('code'), 'code in the redirect');
  check(a1.seen.length === 4 && a1.seen[0] === '/favicon.ico' && a1.seen[1].startsWith('/other-path')
    && a1.seen[2].includes('state=wrong-state'), 'stray requests came first', a1.seen);
  await new Promise((r) => { setTimeout(r, 100); });
  const blog = readFileSync(log1, 'utf8');
  check(/^callback 200 http:\/\/127\.0\.0\.1:\d+\/callback\?code=/m.test(blog) && /^done$/m.test(blog), 'browser log records the callback', blog);

  const t1 = await token(disc, 'native-public', {
    grant_type: 'authorization_code', code: a1.cb.searchParams.get('code'), redirect_uri: a1.redirectUri, code_verifier: a1.verifier,
  });
  check(t1.status === 200 && t1.json.access_token && t1.json.refresh_token && t1.json.id_token, 'native-public code exchange gives access+refresh+id tokens', t1);
  check(t1.json.scope === 'files.read', `token response scope is "${t1.json.scope}"`);
  check(t1.json.expires_in === 30 && t1.json.token_type === 'Bearer', 'expires_in follows OIDC_ACCESS_TOKEN_TTL', t1.json);

  // /api/me
  const me = await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${t1.json.access_token}` } });
  const meJson = await me.json();
  check(me.status === 200 && meJson.sub === 'alice' && meJson.client_id === 'native-public' && meJson.scope === 'files.read', '/api/me with the token', meJson);
  const me401 = await fetch(`${s.issuer}/api/me`, { headers: { authorization: 'Bearer nope' } });
  check(me401.status === 401, '/api/me with a bad token => 401');

  // /git/: git http-backend behind the access token, as Basic password or Bearer
  const refs = `${s.issuer}/git/repo.git/info/refs?service=git-upload-pack`;
  const git401 = await fetch(refs);
  check(git401.status === 401 && git401.headers.get('www-authenticate') === 'Basic realm="git"', '/git/ without a token => 401 Basic realm="git"', git401.status);
  const gitBasic = await fetch(refs, { headers: { authorization: `Basic ${Buffer.from(`anyone:${t1.json.access_token}`).toString('base64')}` } });
  const advert = await gitBasic.text();
  check(gitBasic.status === 200 && gitBasic.headers.get('content-type') === 'application/x-git-upload-pack-advertisement' && advert.startsWith('001e# service=git-upload-pack'), '/git/ with the token as Basic password => ref advertisement', [gitBasic.status, advert.slice(0, 40)]);
  const gitBearer = await fetch(refs, { headers: { authorization: `Bearer ${t1.json.access_token}` } });
  await gitBearer.arrayBuffer();
  const gitBad = await fetch(refs, { headers: { authorization: `Basic ${Buffer.from('anyone:nope').toString('base64')}` } });
  const gitStats = await (await fetch(`${s.issuer}/test/stats`)).json();
  check(gitBearer.status === 200 && gitBad.status === 401 && gitStats.git_auth.basic === 1 && gitStats.git_auth.bearer === 1 && gitStats.git_unauthorized === 2, '/git/ with Bearer => 200, a wrong password => 401, counted', gitStats.git_auth);
  const access = t1.json.access_token;
  const scheme = await fetch(`${s.issuer}/api/scheme/me`, { headers: { authorization: `Zoho-oauthtoken ${access}` } });
  check(scheme.status === 200, '/api/scheme/me with the token in its own scheme', scheme.status);
  const schemeBearer = await fetch(`${s.issuer}/api/scheme/me`, { headers: { authorization: `Bearer ${access}` } });
  check(schemeBearer.status === 401, '/api/scheme/me refuses a Bearer header', schemeBearer.status);
  const query = await fetch(`${s.issuer}/api/query/me?access_token=${encodeURIComponent(access)}`);
  check(query.status === 200, '/api/query/me with the token in the query', query.status);
  const queryHeader = await fetch(`${s.issuer}/api/query/me`, { headers: { authorization: `Bearer ${access}` } });
  check(queryHeader.status === 401, '/api/query/me refuses a header', queryHeader.status);
  check(a1.cb.searchParams.get('realmId') === '4620816365', 'realmId in the redirect', a1.cb.href);
  check(t1.json.instance_url === s.issuer && t1.json.api_domain === s.issuer, 'instance_url and api_domain in the token response', t1.json);
  const prefixed = await fetch(`${s.issuer}/crm/v8/api/scheme/me`, { headers: { authorization: `Zoho-oauthtoken ${access}` } });
  check(prefixed.status === 200, 'the API answers under a path prefix', prefixed.status);
  const versioned = await fetch(`${s.issuer}/api/versioned/me`, { headers: { authorization: `Bearer ${access}`, 'notion-version': '2025-09-03' } });
  check(versioned.status === 200, '/api/versioned/me with the version header', versioned.status);
  const unversioned = await fetch(`${s.issuer}/api/versioned/me`, { headers: { authorization: `Bearer ${access}` } });
  check(unversioned.status === 400, '/api/versioned/me refuses a request without it', unversioned.status);
  const keys = await fetch(`${s.issuer}/keys/me`, { headers: { 'dd-api-key': 'test-api-key-1', 'dd-application-key': 'test-app-key-2' } });
  check(keys.status === 200, '/keys/me with both keys', keys.status);
  const oneKey = await fetch(`${s.issuer}/keys/me`, { headers: { 'dd-api-key': 'test-api-key-1' } });
  check(oneKey.status === 403, '/keys/me refuses one key', oneKey.status);

  // --- refresh with rotation, reuse detection
  await post(`${s.issuer}/test/reset`, {});
  const r1 = await token(disc, 'native-public', { grant_type: 'refresh_token', refresh_token: t1.json.refresh_token });
  check(r1.status === 200 && r1.json.refresh_token && r1.json.refresh_token !== t1.json.refresh_token, 'refresh rotates the refresh token', r1);
  check(r1.json.scope === 'files.read', `refresh response scope "${r1.json.scope}"`);
  const r2 = await token(disc, 'native-public', { grant_type: 'refresh_token', refresh_token: t1.json.refresh_token });
  check(r2.status === 400 && r2.json.error === 'invalid_grant', 'reusing the rotated refresh token => invalid_grant', r2);
  const r3 = await token(disc, 'native-public', { grant_type: 'refresh_token', refresh_token: r1.json.refresh_token });
  check(r3.status === 400 && r3.json.error === 'invalid_grant', 'after reuse the whole grant is revoked (new refresh token dead too)', r3);
  const meAfter = await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${r1.json.access_token}` } });
  check(meAfter.status === 401, 'after reuse the access tokens of the grant are dead too');
  let st = await (await fetch(`${s.issuer}/test/stats`)).json();
  check(st.refresh === 3 && st.grant_types.refresh_token === 3 && st.token_errors.invalid_grant === 2, 'stats count refreshes and errors', st);

  // --- confidential client, client_secret_basic with ':' '%' '+' in the secret
  const a2 = await authorize(disc, 'confidential', { scope: 'openid offline_access files.read files.write' });
  check(a2.cb.searchParams.get('iss') === s.issuer, 'confidential: iss in redirect');
  const rawBasic = `Basic ${Buffer.from(`confidential:${SECRETS.confidential}`).toString('base64')}`;
  const bad = await post(disc.token_endpoint, {
    grant_type: 'authorization_code', code: a2.cb.searchParams.get('code'), redirect_uri: a2.redirectUri, code_verifier: a2.verifier,
  }, { authorization: rawBasic });
  check(bad.status >= 400 && bad.json.error, `secret not form-urlencoded before base64 => ${bad.status} ${bad.json.error}`);
  // the failed attempt did not consume the code? (client auth fails before the code is looked at)
  const t2 = await token(disc, 'confidential', {
    grant_type: 'authorization_code', code: a2.cb.searchParams.get('code'), redirect_uri: a2.redirectUri, code_verifier: a2.verifier,
  });
  check(t2.status === 200 && t2.json.refresh_token && t2.json.scope === 'files.read files.write', 'confidential (basic) exchange', t2);
  const r4 = await token(disc, 'confidential', { grant_type: 'refresh_token', refresh_token: t2.json.refresh_token });
  check(r4.status === 200 && r4.json.refresh_token !== t2.json.refresh_token, 'confidential refresh rotates too', r4);

  // --- confidential-post, without prompt=consent: no refresh token (offline_access dropped)
  const a3 = await authorize(disc, 'confidential-post', { scope: 'openid offline_access files.read', prompt: null });
  const t3 = await token(disc, 'confidential-post', {
    grant_type: 'authorization_code', code: a3.cb.searchParams.get('code'), redirect_uri: a3.redirectUri, code_verifier: a3.verifier,
  });
  check(t3.status === 200 && !t3.json.refresh_token, 'client_secret_post works; offline_access without prompt=consent => no refresh token', t3);

  // code reuse fails, and revokes the tokens already issued from that code
  const t3b = await token(disc, 'confidential-post', {
    grant_type: 'authorization_code', code: a3.cb.searchParams.get('code'), redirect_uri: a3.redirectUri, code_verifier: a3.verifier,
  });
  check(t3b.status === 400 && t3b.json.error === 'invalid_grant', 'code reuse => invalid_grant', t3b);
  const me3 = await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${t3.json.access_token}` } });
  check(me3.status === 401, 'code reuse revoked the access token issued from it');

  // --- loopback redirect URIs: any port on 127.0.0.1, localhost, [::1]; other paths refused
  for (const [ru, ok] of [['http://localhost:5555/callback', true], ['http://[::1]:6666/callback', true],
    ['http://127.0.0.1:7777/other', false], ['http://example.com/callback', false]]) {
    const u = new URL(disc.authorization_endpoint);
    u.search = new URLSearchParams({
      response_type: 'code', client_id: 'confidential', redirect_uri: ru, scope: 'files.read', state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256',
    }).toString();
    const r = await fetch(u, { redirect: 'manual' });
    const loc = r.headers.get('location') || '';
    check(ok ? (r.status === 303 && loc.startsWith('/interaction/')) : r.status === 400, `redirect_uri ${ru} ${ok ? 'accepted' : 'refused'} (${r.status})`);
  }

  // --- scopes outside the resource server: only openid requested => empty scope
  const a5 = await authorize(disc, 'native-public', { scope: 'openid files.delete', prompt: null });
  const t5 = await token(disc, 'native-public', {
    grant_type: 'authorization_code', code: a5.cb.searchParams.get('code'), redirect_uri: a5.redirectUri, code_verifier: a5.verifier,
  });
  check(t5.status === 200 && t5.json.scope === '', `scope "openid files.delete" => token scope ${JSON.stringify(t5.json.scope)}`, t5.json);
  const echo = await fetch(`${s.issuer}/api/echo?x=1`, { method: 'POST', headers: { authorization: `Bearer ${t5.json.access_token}`, 'x-test': 'yes' }, body: 'hello' });
  const echoJson = await echo.json();
  check(echo.status === 200 && echoJson.body === 'hello' && echoJson.method === 'POST' && echoJson.headers['x-test'] === 'yes' && echoJson.query === 'x=1', '/api/echo', echoJson);

  // --- deny
  const a4 = await authorize(disc, 'native-public', { scope: 'openid files.read', env: { BROWSER_DENY: '1' } });
  check(a4.cb.searchParams.get('error') === 'access_denied' && a4.cb.searchParams.get('iss') === s.issuer, 'BROWSER_DENY=1 => error=access_denied (with iss)', a4.cb.href);

  // --- revocation then introspection
  const rv = await post(disc.revocation_endpoint, { token: r4.json.access_token, token_type_hint: 'access_token' }, { authorization: basic('confidential', SECRETS.confidential) });
  check(rv.status === 200, 'revocation 200', rv);
  const intro = await post(disc.introspection_endpoint, { token: r4.json.access_token }, { authorization: basic('confidential', SECRETS.confidential) });
  check(intro.status === 200 && intro.json.active === false, 'introspection after revocation => active:false', intro);
  const intro2 = await post(disc.introspection_endpoint, { token: r4.json.refresh_token }, { authorization: basic('confidential', SECRETS.confidential) });
  check(intro2.json.active === true, 'introspection of the live refresh token => active:true', intro2);
  const rv2 = await post(disc.revocation_endpoint, { token: r4.json.refresh_token, client_id: 'native-public' });
  check(rv2.status === 400 && rv2.json.error === 'invalid_request', `revoking another client's token => ${rv2.status} ${rv2.json.error} (${rv2.json.error_description})`);

  // --- client credentials
  const cc = await token(disc, 'machine', { grant_type: 'client_credentials', scope: 'files.read' });
  check(cc.status === 200 && cc.json.scope === 'files.read' && !cc.json.refresh_token, 'client_credentials (machine) scope files.read', cc);
  const ccMe = await (await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${cc.json.access_token}` } })).json();
  check(ccMe.client_id === 'machine' && ccMe.sub === null && ccMe.token_type === 'client_credentials', '/api/me with a client-credentials token', ccMe);
  const nested = await token(disc, 'machine', { grant_type: 'client_credentials', scope: 'files.read', shape: 'nested' });
  check(nested.status === 200 && nested.json.access_token === 'not-the-user-token' && nested.json.authed_user?.access_token,
    'shape=nested moves the token into authed_user', nested);
  const nestedMe = await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${nested.json.authed_user.access_token}` } });
  check(nestedMe.status === 200, 'the nested token works', nestedMe.status);
  const zoom = await token(disc, 'machine', { grant_type: 'account_credentials', account_id: 'acct-1', scope: 'files.read' });
  check(zoom.status === 200 && zoom.json.access_token, 'account_credentials with an account_id is client credentials', zoom);
  const zoomBad = await token(disc, 'machine', { grant_type: 'account_credentials', scope: 'files.read' });
  check(zoomBad.status === 400 && zoomBad.json.error === 'invalid_request', 'account_credentials needs an account_id', zoomBad);
  const revokedJson = await fetch(`${s.issuer}/revoke/json`, {
    method: 'POST', headers: { authorization: `Bearer ${zoom.json.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ token: zoom.json.access_token }),
  });
  const revokedMe = await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${zoom.json.access_token}` } });
  check(revokedJson.status === 200 && (await revokedJson.json()).revoked === true && revokedMe.status === 401,
    '/revoke/json revokes the token in its JSON body', revokedMe.status);
  const ccBad = await post(disc.token_endpoint, { grant_type: 'client_credentials', scope: 'files.read' }, { authorization: basic('machine', 'wrong') });
  check(ccBad.status === 401 && ccBad.json.error === 'invalid_client', 'wrong secret => 401 invalid_client', ccBad);

  // --- JWT bearer grant (the TEST keys of tests/fixtures/jwt)
  const testKey = (file) => crypto.createPrivateKey(readFileSync(join(here, '..', 'fixtures', 'jwt', file)));
  const rsKey = testKey('rs256-test-key.pem');
  const esKey = testKey('es256-test-key.pem');
  const assertion = (alg, key, claims, header = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const all = {
      aud: disc.token_endpoint, iat: now, exp: now + 600, jti: b64url(crypto.randomBytes(16)), ...claims,
    };
    const input = `${b64url(Buffer.from(JSON.stringify({ alg, typ: 'JWT', ...header })))}.${b64url(Buffer.from(JSON.stringify(all)))}`;
    const sig = crypto.sign('sha256', Buffer.from(input), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
    return `${input}.${b64url(sig)}`;
  };
  const jwtGrant = (a) => post(disc.token_endpoint, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: a });
  const rsA = assertion('RS256', rsKey, { iss: 'rs256@tether.test', scope: 'files.read' });
  const jb = await jwtGrant(rsA);
  check(jb.status === 200 && jb.json.token_type === 'Bearer' && jb.json.expires_in > 0 && !jb.json.refresh_token, 'jwt-bearer RS256 assertion => access token', jb);
  const jbMe = await (await fetch(`${s.issuer}/api/me`, { headers: { authorization: `Bearer ${jb.json.access_token}` } })).json();
  check(jbMe.client_id === 'rs256@tether.test' && jbMe.scope === 'files.read' && jbMe.token_type === 'jwt_bearer', '/api/me with a jwt-bearer token', jbMe);
  const jbAgain = await jwtGrant(rsA);
  check(jbAgain.status === 400 && jbAgain.json.error === 'invalid_grant', 'a replayed assertion (same jti) => invalid_grant', jbAgain);
  const es = await jwtGrant(assertion('ES256', esKey, { iss: 'es256@tether.test', sub: 'someone' }));
  check(es.status === 200, 'jwt-bearer ES256 assertion => access token', es);
  const sa = await jwtGrant(assertion('RS256', rsKey, { iss: 'tether-test@tether-tests.iam.gserviceaccount.com' }, { kid: 'test-key-1' }));
  check(sa.status === 200, 'jwt-bearer with the service account issuer and its kid', sa);
  const refusals = [
    ['a signature by another key', assertion('ES256', crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, { iss: 'es256@tether.test' })],
    ['the wrong algorithm for the issuer', assertion('ES256', esKey, { iss: 'rs256@tether.test' })],
    ['another audience', assertion('RS256', rsKey, { iss: 'rs256@tether.test', aud: 'https://elsewhere.example/token' })],
    ['an expired assertion', assertion('RS256', rsKey, { iss: 'rs256@tether.test', exp: Math.floor(Date.now() / 1000) - 5 })],
    ['an assertion living over an hour', assertion('RS256', rsKey, { iss: 'rs256@tether.test', exp: Math.floor(Date.now() / 1000) + 3700 })],
    ['an unknown kid', assertion('RS256', rsKey, { iss: 'tether-test@tether-tests.iam.gserviceaccount.com' }, { kid: 'other' })],
    ['an unknown issuer', assertion('RS256', rsKey, { iss: 'nobody@tether.test' })],
  ];
  for (const [what, a] of refusals) {
    const r = await jwtGrant(a);
    check(r.status === 400 && r.json.error === 'invalid_grant', `jwt-bearer refuses ${what}: ${r.json.error_description}`, r);
  }

  // --- device flow
  const da = await post(disc.device_authorization_endpoint, { client_id: 'native-public', scope: 'openid offline_access files.read' });
  check(da.status === 200 && da.json.interval === 1 && da.json.verification_uri === `${s.issuer}/device`, 'device authorization (interval added)', da.json);
  const pending = await token(disc, 'native-public', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: da.json.device_code });
  check(pending.status === 400 && pending.json.error === 'authorization_pending', 'poll before approval => authorization_pending', pending);
  const dlog = join(tmp, 'device.log');
  await runBrowser(da.json.verification_uri_complete, { BROWSER_LOG: dlog });
  let dt;
  for (let i = 0; i < 40; i += 1) {
    await new Promise((r) => { setTimeout(r, 250); });
    dt = await token(disc, 'native-public', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: da.json.device_code });
    if (dt.json.error !== 'authorization_pending') break;
  }
  check(dt.status === 200 && dt.json.access_token && dt.json.refresh_token && dt.json.scope === 'files.read', 'device flow => tokens (refresh token without prompt)', dt);
  check(/^device-success$/m.test(readFileSync(dlog, 'utf8')), 'browser reached the device success page');

  // device flow: typed user code (verification_uri without code), then deny at consent
  const db = await post(disc.device_authorization_endpoint, { client_id: 'confidential-post', client_secret: SECRETS['confidential-post'], scope: 'files.read' });
  const dlog2 = join(tmp, 'device2.log');
  await runBrowser(db.json.verification_uri, {
    BROWSER_LOG: dlog2, BROWSER_USER_CODE: db.json.user_code, BROWSER_DENY: '1', BROWSER_MODE: 'device', BROWSER_LOGIN: 'bob',
  });
  let dd;
  for (let i = 0; i < 40; i += 1) {
    await new Promise((r) => { setTimeout(r, 250); });
    dd = await token(disc, 'confidential-post', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: db.json.device_code });
    if (dd.json.error !== 'authorization_pending') break;
  }
  check(dd.status === 400 && dd.json.error === 'access_denied', 'device flow denied => access_denied', dd);

  // device flow: Abort on the confirmation page
  const dc = await post(disc.device_authorization_endpoint, { client_id: 'native-public', scope: 'files.read' });
  const dlog3 = join(tmp, 'device3.log');
  await runBrowser(dc.json.verification_uri_complete, { BROWSER_LOG: dlog3, BROWSER_DEVICE_ABORT: '1' });
  let de;
  for (let i = 0; i < 40; i += 1) {
    await new Promise((r) => { setTimeout(r, 250); });
    de = await token(disc, 'native-public', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: dc.json.device_code });
    if (de.json.error !== 'authorization_pending') break;
  }
  check(de.status === 400 && de.json.error === 'access_denied', 'device abort => access_denied', de);

  // --- injection
  await post(`${s.issuer}/test/inject`, { grant_type: 'client_credentials', status: '503', count: '1' });
  const inj = await token(disc, 'machine', { grant_type: 'client_credentials', scope: 'files.read' });
  const after = await token(disc, 'machine', { grant_type: 'client_credentials', scope: 'files.read' });
  check(inj.status === 503 && after.status === 200, '/test/inject answers the next matching request once', [inj, after.status]);
  st = await (await fetch(`${s.issuer}/test/stats`)).json();
  check(st.revocations === 2 && st.introspections === 2 && st.device_authorizations === 3, 'stats: revocations, introspections, device authorizations', st);

  // --- second server: short device code TTL, enforced interval (slow_down), expired_token
  const s2 = await startServer({
    OIDC_DEVICE_CODE_TTL: '3', OIDC_DEVICE_ENFORCE_INTERVAL: '1', OIDC_DEVICE_INTERVAL: '3', OIDC_OFFLINE_WITHOUT_CONSENT: '1', OIDC_REFRESH_OMITS_REFRESH_TOKEN: '1',
  });
  const disc2 = await (await fetch(`${s2.issuer}/.well-known/openid-configuration`)).json();
  const a6 = await authorize(disc2, 'native-public', { scope: 'offline_access files.write', prompt: null });
  const t6 = await token(disc2, 'native-public', {
    grant_type: 'authorization_code', code: a6.cb.searchParams.get('code'), redirect_uri: a6.redirectUri, code_verifier: a6.verifier,
  });
  check(t6.status === 200 && t6.json.refresh_token && !t6.json.id_token && t6.json.scope === 'files.write', 'OIDC_OFFLINE_WITHOUT_CONSENT=1: refresh token without prompt=consent', t6);
  const r6 = await token(disc2, 'native-public', { grant_type: 'refresh_token', refresh_token: t6.json.refresh_token });
  const r7 = await token(disc2, 'native-public', { grant_type: 'refresh_token', refresh_token: t6.json.refresh_token });
  check(r6.status === 200 && !('refresh_token' in r6.json) && r7.status === 200, 'OIDC_REFRESH_OMITS_REFRESH_TOKEN=1: no refresh_token in refresh responses, old one keeps working', [r6, r7]);
  const dxAt = Date.now();
  const dx = await post(disc2.device_authorization_endpoint, { client_id: 'native-public', scope: 'files.read' });
  check(dx.json.expires_in === 3 && dx.json.interval === 3, 'OIDC_DEVICE_CODE_TTL, OIDC_DEVICE_INTERVAL', dx.json);
  const poll = () => token(disc2, 'native-public', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: dx.json.device_code });
  const p1 = await poll();
  const p2 = await poll();
  check(p1.json.error === 'authorization_pending' && p2.status === 400 && p2.json.error === 'slow_down', 'polling too fast => slow_down', [p1.json, p2.json]);
  await new Promise((r) => { setTimeout(r, Math.max(0, dxAt + 3500 - Date.now())); });
  const p3 = await poll();
  check(p3.status === 400 && p3.json.error === 'expired_token', 'expired device code => expired_token', p3);

  // stdin EOF stops the server
  const exited = new Promise((r) => { s2.child.once('exit', (code, sig) => r([code, sig])); });
  s2.child.stdin.end();
  const ex = await withTimeout(exited, 5000, 'server exit on stdin EOF');
  check(ex[0] === 0, 'server exits when its stdin closes', ex);

  const noisy = s.stderr().split('\n').filter(Boolean);
  check(noisy.length === 0, 'no unexpected stderr from the server', noisy);
}

const started = Date.now();
try {
  await main();
} catch (err) {
  failures += 1;
  process.stdout.write(`FAIL ${err.stack}\n`);
} finally {
  for (const c of servers) c.kill();
  rmSync(tmp, { recursive: true, force: true });
}
process.stdout.write(`${checks - failures}/${checks} checks passed, ${failures} failed, ${Date.now() - started} ms\n`);
process.exit(failures ? 1 : 0);
