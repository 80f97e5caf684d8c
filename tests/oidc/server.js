// Test-only OAuth2 / OpenID Connect authorization server for tether's integration tests.
//
// Real `oidc-provider` 8.8.x (Node 20; 9.x needs Node 22), in memory, on 127.0.0.1, plain http.
//
//   npm ci --prefix tests/oidc          # once
//   node tests/oidc/server.js           # prints ONE JSON line on stdout when ready:
//     {"issuer":"http://127.0.0.1:PORT","port":PORT,"resource":"http://127.0.0.1:PORT/api"}
//   and runs until killed or until its stdin reaches EOF (so a crashed test never leaves it
//   behind; set OIDC_IGNORE_STDIN=1 to run it by hand in the background). Nothing else is
//   written to stdout; diagnostics go to stderr.
//
// Clients (all: application_type "native" => any port on a loopback redirect URI; redirect URIs
// http://127.0.0.1/callback, http://localhost/callback, http://[::1]/callback; PKCE S256
// required; response_type code):
//   native-public      token_endpoint_auth_method none;
//                      grants authorization_code, refresh_token, device_code
//   confidential       client_secret_basic, secret  s3:cr%t+value
//                      grants authorization_code, refresh_token, device_code
//   confidential-post  client_secret_post,  secret  p0st:s3cr%t+value
//                      grants authorization_code, refresh_token, device_code
//   machine            client_secret_basic, secret  m4ch:n3%s3cr+t
//                      grant client_credentials only
//   The secrets contain ':', '%' and '+': with client_secret_basic the client must
//   form-urlencode id and secret before base64 (RFC 6749 §2.3.1); sent raw they fail.
//
// Scopes: openid, offline_access, email, profile (OIDC; email and profile put `email` =
// LOGIN@example.com and `preferred_username`/`name` = LOGIN into the id_token and /me) and
// files.read, files.write (scopes of the resource server http://127.0.0.1:PORT/api, the default
// resource for every request). Access tokens are
// opaque and carry only the resource scopes: the token response `scope` is e.g.
// "files.read files.write" (no openid / offline_access), for every grant.
// A refresh token is issued when offline_access was granted, which oidc-provider only allows when
// the authorization request has prompt=consent (or OIDC_OFFLINE_WITHOUT_CONSENT=1). Device-flow
// requests keep offline_access without prompt. Refresh tokens rotate on every use; presenting a
// rotated one fails with invalid_grant and revokes the whole grant (all its tokens).
//
// Endpoints (oidc-provider defaults): /.well-known/openid-configuration (also served at the
// RFC 8414 address /.well-known/oauth-authorization-server), /auth, /token,
// /device/auth, /device (verification_uri), /token/revocation, /token/introspection, /jwks, /me.
// Login/consent pages (ours): GET /interaction/:uid, POST /interaction/:uid/login (field `login`,
// any name; the name "deny" refuses), POST /interaction/:uid/confirm (decision=allow|deny),
// GET /interaction/:uid/abort. Deny => error=access_denied.
//
// JWT bearer grant (RFC 7523 §2.1; ours, oidc-provider has none): POST /token with
// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT, no client authentication.
// The assertion must be signed (RS256 or ES256, the issuer's algorithm) by a key of a known
// issuer (JWT_ISSUERS below: the TEST keys in tests/fixtures/jwt), with aud = ISSUER/token, iat
// not in the future, exp in the future and at most 3600 s after iat, a jti never seen before,
// and `kid` (when the header has one) the issuer's. Answer: {access_token, token_type: "Bearer",
// expires_in} (no scope, as Google); the token works at /api/* like any other. Refusals are
// 400 invalid_grant with the reason. token_log entries gain `jwt: {alg, kid, iss, sub, scope,
// lifetime}`.
//
// Test endpoints:
//   GET  /api/me      Bearer access token => 200 {sub, scope, client_id, ...} or 401.
//   GET  /api/scheme/me  the same with `Authorization: Zoho-oauthtoken TOKEN`.
//   GET  /api/query/me   the same with `?access_token=TOKEN`.
//   GET  /api/user    Bearer access token => 200 {login: "<sub>@example.com", id: <number>, name}.
//   GET  /failing/CODE  answers with that HTTP status (a service that fails, for example).
//   GET  /keyed/user  `X-API-Key: alice-key-1` (alice) or `bob-key-2` (bob) => 200
//                     {user: {email, id}}; another key => 401 whose body repeats the key.
//   ANY  /api/echo    same check, echoes {method, path, query, headers, body, token: {...}}.
//   GET  /api/versioned/me  the same, and 400 {"error":"missing_version"} unless the request
//                     carries `Notion-Version: 2025-09-03` (a fixed version header).
//   GET  /keys/me     200 only with both `DD-API-KEY: test-api-key-1` and
//                     `DD-APPLICATION-KEY: test-app-key-2` (two API keys), else 403.
//   POST /revoke/json a revocation endpoint that is not RFC 7009: a JSON body {"token": …},
//                     authenticated by that token as Bearer or by the client as Basic;
//                     logged in stats.json_revocations.
//   DELETE /applications/CLIENT_ID/grant  GitHub's: Basic client auth, {"access_token": …};
//                     ends the whole grant (204); logged in stats.json_revocations.
// The API routes answer under any path prefix (`/crm/v8/api/me`), so that a connector's own
// base URL can point here. Provider shapes the token endpoint imitates: every successful token
// response carries `instance_url` and `api_domain` (the issuer, as Salesforce's and Zoho's do); a token request with `shape=nested`
// (sent as a connector's token_params) gets its token nested in `authed_user` and a
// useless top-level one (as Slack's user tokens); `grant_type=account_credentials` with an
// `account_id` is client credentials under another name (as Zoom's). Every redirect back
// with a code also carries `realmId=4620816365` (as QuickBooks').
//   ANY  /git/REPO.git/...  a smart-HTTP git remote: `git http-backend` run as CGI over the bare
//                     repositories in OIDC_GIT_PROJECT_ROOT (every one exported, push enabled),
//                     for requests whose Authorization carries a currently valid access token of
//                     this provider, as the Basic password (any username) or as Bearer; anything
//                     else gets 401 with `WWW-Authenticate: Basic realm="git"`. Counted in stats:
//                     git_requests, git_unauthorized, git_auth {basic, bearer} (accepted ones).
//   GET  /test/stats  counters (token requests by grant_type, refreshes, errors, revocations,
//                     introspections, device authorizations, authorizations, api calls,
//                     a log of token requests and one of device authorization requests
//                     (`device_log`: client_id_in_body, client_auth, status), without secrets).
//                     `discovery_log`: one entry per metadata request {path, authorization,
//                     cookie (whether those headers were sent), query}.
//   GET  /test/issued {tokens: [...]}: every access, refresh and id token the token endpoint
//                     issued since the start (not zeroed by /test/reset), so that a test can
//                     look for them where they must never appear.
//   POST /test/reset  zero the counters (and pending injections).
//   POST /test/inject?count=1&status=503&error=temporarily_unavailable&grant_type=refresh_token
//                     &delay_ms=0&body=RAW&type=text/plain  — the next `count` matching /token
//                     requests get this answer (`body` sent as content type `type`) instead of
//                     reaching oidc-provider (they are still counted, with injected=true).
//                     Without `error`/`body` the body is {"error":"server_error"}.
//                     delay_ms alone (no status) delays and then lets the request through.
//
// Environment knobs:
//   OIDC_ACCESS_TOKEN_TTL (60)   access token lifetime, seconds (auth code, refresh, device, cc)
//   OIDC_INITIAL_ACCESS_TOKEN_TTL (unset)  lifetime of access tokens from every grant but
//                                refresh_token (so a test can start with a token that is due)
//   OIDC_REFRESH_TOKEN_TTL (1209600)  refresh token lifetime, seconds
//   OIDC_DEVICE_CODE_TTL (600)   device code lifetime, seconds
//   OIDC_DEVICE_INTERVAL (1)     `interval` added to device authorization responses (oidc-provider
//                                sends none; RFC 8628's default would be 5)
//   OIDC_DEVICE_ENFORCE_INTERVAL (0)  1: a device_code poll arriving sooner than the interval
//                                (250 ms tolerance) gets slow_down and that code's interval grows 5 s
//   OIDC_ROTATE_REFRESH_TOKEN (1)     0: no rotation (the same refresh token comes back)
//   OIDC_REFRESH_OMITS_REFRESH_TOKEN (0)  1: strip refresh_token from refresh responses (implies
//                                no rotation), like providers that never re-send it
//   OIDC_SEND_REFRESH_TOKEN_EXPIRES_IN (0)  1: every response with a refresh token also says
//                                `refresh_token_expires_in` (OIDC_REFRESH_TOKEN_TTL), as GitHub Apps do
//   OIDC_OFFLINE_WITHOUT_CONSENT (0)  1: add prompt=consent to /auth requests asking offline_access
//   OIDC_PKCE_CONFIDENTIAL (1)   0: PKCE optional for confidential clients
//   OIDC_DEVICE_REQUIRE_BODY_CLIENT_ID (0)  1: refuse a device authorization request without
//                                `client_id` in its body (400 invalid_request), as oauthlib does
//                                even when the client authenticates with Basic
//   OIDC_RFC8414 (1)             0: no metadata at /.well-known/oauth-authorization-server (404),
//                                as OpenID Connect providers that serve only their own address
//   OIDC_GIT_PROJECT_ROOT (unset)  a directory of bare repositories served under /git/ (below)
//   OIDC_PORT (0)                fixed port instead of a free one
//   OIDC_IGNORE_STDIN (0)        1: do not exit when stdin closes

import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { dirname, join } from 'node:path';
import * as querystring from 'node:querystring';
import { fileURLToPath } from 'node:url';

import Provider, { errors } from 'oidc-provider';

// oidc-provider prints notices with console.info (stdout): keep stdout for the ready line only.
console.log = console.error; // eslint-disable-line no-console
console.info = console.error; // eslint-disable-line no-console
// Known, expected warnings (in-memory adapter; our /token middleware reads the body first).
const consoleWarn = console.warn; // eslint-disable-line no-console
console.warn = (...args) => { // eslint-disable-line no-console
  const text = args.join(' ');
  if (/in-memory adapter|already parsed request body detected/.test(text)) return;
  consoleWarn(...args);
};

const envInt = (name, dflt) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return n;
};
const envFlag = (name, dflt) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  return v === '1' || v.toLowerCase() === 'true';
};

const ACCESS_TOKEN_TTL = envInt('OIDC_ACCESS_TOKEN_TTL', 60);
const INITIAL_ACCESS_TOKEN_TTL = envInt('OIDC_INITIAL_ACCESS_TOKEN_TTL', 0);
const REFRESH_TOKEN_TTL = envInt('OIDC_REFRESH_TOKEN_TTL', 14 * 24 * 3600);
const DEVICE_CODE_TTL = envInt('OIDC_DEVICE_CODE_TTL', 600);
const DEVICE_INTERVAL = envInt('OIDC_DEVICE_INTERVAL', 1);
const ENFORCE_INTERVAL = envFlag('OIDC_DEVICE_ENFORCE_INTERVAL', false);
const OMIT_RT = envFlag('OIDC_REFRESH_OMITS_REFRESH_TOKEN', false);
const SEND_RT_EXPIRES_IN = envFlag('OIDC_SEND_REFRESH_TOKEN_EXPIRES_IN', false);
const ROTATE = envFlag('OIDC_ROTATE_REFRESH_TOKEN', true) && !OMIT_RT;
const OFFLINE_WITHOUT_CONSENT = envFlag('OIDC_OFFLINE_WITHOUT_CONSENT', false);
const PKCE_CONFIDENTIAL = envFlag('OIDC_PKCE_CONFIDENTIAL', true);
const PORT = envInt('OIDC_PORT', 0);
const DEVICE_REQUIRE_BODY_CLIENT_ID = envFlag('OIDC_DEVICE_REQUIRE_BODY_CLIENT_ID', false);
const RFC8414 = envFlag('OIDC_RFC8414', true);

const CLIENTS = {
  'native-public': { auth: 'none', secret: undefined },
  confidential: { auth: 'client_secret_basic', secret: 's3:cr%t+value' },
  'confidential-post': { auth: 'client_secret_post', secret: 'p0st:s3cr%t+value' },
  machine: { auth: 'client_secret_basic', secret: 'm4ch:n3%s3cr+t' },
};
const RESOURCE_SCOPE = 'files.read files.write';

// Issuers of JWT bearer assertions and the public halves of their TEST keys.
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'jwt');
const testKey = (file) => crypto.createPublicKey(readFileSync(join(FIXTURES, file)));
const JWT_ISSUERS = {
  'rs256@tether.test': { alg: 'RS256', key: testKey('rs256-test-key.pub.pem') },
  'es256@tether.test': { alg: 'ES256', key: testKey('es256-test-key.pub.pem') },
  'tether-test@tether-tests.iam.gserviceaccount.com': {
    alg: 'RS256', key: testKey('rs256-test-key.pub.pem'), kid: 'test-key-1',
  },
};
const MAX_ASSERTION_SECS = 3600;
const REDIRECT_URIS = [
  'http://127.0.0.1/callback',
  'http://localhost/callback',
  'http://[::1]/callback',
];
const INTERACTIVE_GRANTS = [
  'authorization_code',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
];

function clientMetadata() {
  return Object.entries(CLIENTS).map(([id, c]) => {
    const m = {
      client_id: id,
      application_type: 'native',
      token_endpoint_auth_method: c.auth,
    };
    if (c.secret) m.client_secret = c.secret;
    if (id === 'machine') {
      m.grant_types = ['client_credentials'];
      m.response_types = [];
      m.redirect_uris = [];
    } else {
      m.grant_types = INTERACTIVE_GRANTS;
      m.response_types = ['code'];
      m.redirect_uris = REDIRECT_URIS;
    }
    return m;
  });
}

// ---------------------------------------------------------------- counters and injections

function freshStats() {
  return {
    token_requests: 0,
    grant_types: {},
    refresh: 0,
    token_errors: {},
    slow_down: 0,
    revocations: 0,
    introspections: 0,
    device_authorizations: 0,
    device_log: [],
    authorizations: 0,
    api_calls: 0,
    api_unauthorized: 0,
    token_log: [],
    key_calls: 0,
    json_revocations: [],
    discovery_log: [],
    git_requests: 0,
    git_unauthorized: 0,
    git_auth: { basic: 0, bearer: 0 },
  };
}
let stats = freshStats();
let injections = [];
const issued = []; // every token the token endpoint issued, for GET /test/issued
const jwtTokens = new Map(); // access token -> { accountId, clientId, scope, exp }
const seenJti = new Set();
const devicePolls = new Map(); // device_code -> { last: ms, interval: s }

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function basicClientId(header) {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const raw = i === -1 ? decoded : decoded.slice(0, i);
  try {
    return decodeURIComponent(raw.replace(/\+/g, '%20'));
  } catch {
    return raw;
  }
}

function json(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

// ---------------------------------------------------------------- provider

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(PORT, '127.0.0.1', resolve);
});
const { port } = server.address();
const ISSUER = `http://127.0.0.1:${port}`;
const RESOURCE = `${ISSUER}/api`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' };

// Access token lifetime for the grant of this request.
const accessTtlFor = (ctx) =>
  INITIAL_ACCESS_TOKEN_TTL && ctx?.oidc?.params?.grant_type !== 'refresh_token'
    ? INITIAL_ACCESS_TOKEN_TTL
    : ACCESS_TOKEN_TTL;
const ttlAccess = (ctx, token) => token.resourceServer?.accessTokenTTL || accessTtlFor(ctx);

// Who a login name is: the claims and the /api/user answer derive from it. `id` is a stable
// number, as GitHub's user ids are.
function personOf(login) {
  const id = parseInt(crypto.createHash('sha256').update(login).digest('hex').slice(0, 10), 16);
  return {
    email: `${login}@example.com`,
    email_verified: true,
    preferred_username: login,
    name: login,
    id,
  };
}

// API keys the /keyed/ routes accept, and whose they are.
const API_KEYS = { 'alice-key-1': 'alice', 'bob-key-2': 'bob' };

const configuration = {
  clients: clientMetadata(),
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', 'email', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'name'],
  },
  // The claims of the granted scopes go into the id_token too (not only /me), as many
  // providers do for the code flow.
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    return { accountId: sub, async claims() { return { sub, ...personOf(sub) }; } };
  },
  pkce: {
    methods: ['S256'],
    required: (ctx, client) => client.clientAuthMethod === 'none' || PKCE_CONFIDENTIAL,
  },
  rotateRefreshToken: () => ROTATE,
  async issueRefreshToken(ctx, client, code) {
    return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access');
  },
  ttl: {
    AccessToken: ttlAccess,
    ClientCredentials: ttlAccess,
    AuthorizationCode: 60,
    DeviceCode: () => DEVICE_CODE_TTL,
    IdToken: 3600,
    RefreshToken: () => REFRESH_TOKEN_TTL,
    Interaction: 3600,
    Session: 3600,
    Grant: () => Math.max(REFRESH_TOKEN_TTL, 3600),
  },
  interactions: {
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: async () => true },
    revocation: { enabled: true },
    deviceFlow: {
      enabled: true,
      charset: 'base-20',
      mask: '****-****',
      deviceInfo: (ctx) => ({ ip: ctx.ip, ua: ctx.get('user-agent') }),
      async userCodeInputSource(ctx, form, out, err) {
        let msg = 'Enter the code displayed on your device';
        if (err) msg = `Error: ${esc(err.name || 'error')}: ${esc(err.message || '')}`;
        ctx.body = page('Device sign-in', `<p class="msg">${msg}</p>${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
      },
      async userCodeConfirmSource(ctx, form, client, deviceInfo, userCode) {
        ctx.body = page('Confirm device', `<p>Client <b>${esc(client.clientId)}</b> shows the code <code id="user_code">${esc(userCode)}</code></p>${form}`
          + '<button type="submit" form="op.deviceConfirmForm">Continue</button>'
          + '<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Abort</button>');
      },
      async successSource(ctx) {
        ctx.body = page('Device sign-in success', '<p id="device-success">Sign-in successful; you can close this page.</p>');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      async getResourceServerInfo(ctx, resourceIndicator) {
        if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
        return {
          scope: RESOURCE_SCOPE,
          audience: RESOURCE,
          accessTokenTTL: accessTtlFor(ctx),
          accessTokenFormat: 'opaque',
        };
      },
    },
  },
  async renderError(ctx, out, error) {
    ctx.type = 'html';
    ctx.body = page('Error', `<pre id="error">${esc(JSON.stringify(out))}</pre>`);
    if (error && !(error instanceof errors.OIDCProviderError)) console.error(error);
  },
};

const provider = new Provider(ISSUER, configuration);

provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));

function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>`
    + `<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

// ------------------------------------------------ the JWT bearer grant

// The claims of `assertion` once it is verified, or throws Error(reason).
function verifyAssertion(assertion) {
  if (typeof assertion !== 'string') throw new Error('no assertion');
  const parts = assertion.split('.');
  if (parts.length !== 3) throw new Error('the assertion is not a compact JWS');
  const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  let header;
  let claims;
  try {
    header = decode(parts[0]);
    claims = decode(parts[1]);
  } catch {
    throw new Error('the assertion is not JSON');
  }
  const issuer = JWT_ISSUERS[claims.iss];
  if (!issuer) throw new Error(`unknown issuer ${claims.iss}`);
  if (header.alg !== issuer.alg) throw new Error(`alg ${header.alg} is not the issuer's ${issuer.alg}`);
  if (header.kid !== undefined && issuer.kid !== undefined && header.kid !== issuer.kid) {
    throw new Error(`unknown kid ${header.kid}`);
  }
  const key = issuer.alg === 'ES256' ? { key: issuer.key, dsaEncoding: 'ieee-p1363' } : issuer.key;
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!crypto.verify('sha256', signed, key, Buffer.from(parts[2], 'base64url'))) {
    throw new Error('Invalid JWT Signature.');
  }
  const now = Math.floor(Date.now() / 1000);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(`${ISSUER}/token`)) throw new Error(`aud ${claims.aud} is not ${ISSUER}/token`);
  if (!Number.isInteger(claims.exp) || claims.exp <= now) throw new Error('the assertion has expired');
  if (!Number.isInteger(claims.iat) || claims.iat > now + 60) throw new Error('iat is missing or in the future');
  if (claims.exp - claims.iat > MAX_ASSERTION_SECS) throw new Error('the assertion lives longer than an hour');
  if (typeof claims.jti === 'string') {
    if (seenJti.has(claims.jti)) throw new Error('the assertion was used before (jti)');
    seenJti.add(claims.jti);
  }
  return { header, claims };
}

function jwtBearer(ctx, params, entry) {
  let verified;
  try {
    verified = verifyAssertion(params.assertion);
  } catch (err) {
    entry.status = 400;
    entry.error = 'invalid_grant';
    stats.token_errors.invalid_grant = (stats.token_errors.invalid_grant || 0) + 1;
    json(ctx, 400, { error: 'invalid_grant', error_description: err.message });
    return;
  }
  const { header, claims } = verified;
  entry.jwt = {
    alg: header.alg,
    kid: header.kid ?? null,
    iss: claims.iss,
    sub: claims.sub ?? null,
    scope: claims.scope ?? null,
    lifetime: claims.exp - claims.iat,
  };
  const accessToken = crypto.randomBytes(32).toString('base64url');
  const ttl = ACCESS_TOKEN_TTL;
  jwtTokens.set(accessToken, {
    accountId: claims.sub ?? claims.iss,
    clientId: claims.iss,
    scope: claims.scope ?? '',
    exp: Math.floor(Date.now() / 1000) + ttl,
  });
  ctx.set('Cache-Control', 'no-store');
  json(ctx, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttl });
  entry.status = 200;
}

// ------------------------------------------------ middleware (runs before oidc-provider's routes)

// Counting and fault injection on /token, at the HTTP level.
provider.use(async (ctx, next) => {
  if (ctx.method !== 'POST' || ctx.path !== '/token') return next();
  const raw = await readBody(ctx.req);
  const params = querystring.parse(raw);
  const forwarded = { ...params };
  delete forwarded.shape;
  delete forwarded.account_id;
  if (params.grant_type === 'account_credentials') {
    if (typeof params.account_id !== 'string' || !params.account_id) {
      json(ctx, 400, { error: 'invalid_request', error_description: 'account_id is required' });
      return undefined;
    }
    forwarded.grant_type = 'client_credentials';
  }
  // oidc-provider falls back to req.body when the stream was consumed.
  ctx.req.body = querystring.stringify(forwarded);
  const grantType = typeof params.grant_type === 'string' ? params.grant_type : '(none)';
  const entry = {
    grant_type: grantType,
    client_id: basicClientId(ctx.get('authorization')) ?? params.client_id ?? null,
    client_auth: ctx.get('authorization') ? 'basic' : (params.client_secret !== undefined ? 'post' : 'none'),
    scope: params.scope ?? null,
    resource: params.resource ?? null,
    status: null,
    error: null,
    injected: false,
  };
  stats.token_requests += 1;
  stats.grant_types[grantType] = (stats.grant_types[grantType] || 0) + 1;
  if (grantType === 'refresh_token') stats.refresh += 1;
  stats.token_log.push(entry);

  const inj = injections.find((i) => i.count > 0 && (!i.grant_type || i.grant_type === grantType));
  if (inj) {
    inj.count -= 1;
    if (inj.delay_ms) await new Promise((r) => { setTimeout(r, inj.delay_ms); });
    if (inj.status) {
      entry.injected = true;
      ctx.status = inj.status;
      if (inj.body !== undefined) {
        ctx.type = inj.type || 'text/plain';
        ctx.body = inj.body;
      } else {
        json(ctx, inj.status, { error: inj.error || 'server_error', error_description: 'injected by /test/inject' });
      }
      ctx.set('Cache-Control', 'no-store');
      entry.status = ctx.status;
      entry.error = inj.error || null;
      if (entry.error) stats.token_errors[entry.error] = (stats.token_errors[entry.error] || 0) + 1;
      return undefined;
    }
  }

  if (grantType === JWT_GRANT) {
    jwtBearer(ctx, params, entry);
    return undefined;
  }

  if (ENFORCE_INTERVAL && grantType === 'urn:ietf:params:oauth:grant-type:device_code'
      && typeof params.device_code === 'string') {
    const now = Date.now();
    const poll = devicePolls.get(params.device_code) || { last: 0, interval: DEVICE_INTERVAL };
    const dc = await provider.DeviceCode.find(params.device_code, { ignoreExpiration: true });
    if (dc && !dc.isExpired && poll.last && now - poll.last < poll.interval * 1000 - 250) {
      poll.last = now;
      poll.interval += 5;
      devicePolls.set(params.device_code, poll);
      stats.slow_down += 1;
      stats.token_errors.slow_down = (stats.token_errors.slow_down || 0) + 1;
      entry.status = 400;
      entry.error = 'slow_down';
      ctx.set('Cache-Control', 'no-store');
      json(ctx, 400, { error: 'slow_down', error_description: 'you are polling too quickly' });
      return undefined;
    }
    poll.last = now;
    devicePolls.set(params.device_code, poll);
  }

  await next();
  entry.status = ctx.status;
  const body = typeof ctx.body === 'object' && ctx.body !== null && !Buffer.isBuffer(ctx.body) ? ctx.body : null;
  if (body && body.error) {
    entry.error = body.error;
    stats.token_errors[body.error] = (stats.token_errors[body.error] || 0) + 1;
  }
  if (body && grantType === 'refresh_token' && ctx.status === 200 && OMIT_RT) {
    delete body.refresh_token;
  }
  if (body && ctx.status === 200 && body.refresh_token && SEND_RT_EXPIRES_IN) {
    body.refresh_token_expires_in = REFRESH_TOKEN_TTL;
  }
  if (body && ctx.status === 200 && body.access_token) {
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      if (typeof body[key] === 'string') issued.push(body[key]);
    }
    body.instance_url = ISSUER;
    body.api_domain = ISSUER;
    if (params.shape === 'nested') {
      body.authed_user = {
        id: 'U0123',
        access_token: body.access_token,
        token_type: 'user',
        expires_in: body.expires_in,
        scope: body.scope,
      };
      if (body.refresh_token) body.authed_user.refresh_token = body.refresh_token;
      delete body.refresh_token;
      body.access_token = 'not-the-user-token';
      body.token_type = 'bot';
    }
  }
  return undefined;
});

// A redirect back with a code carries a company id, as QuickBooks' `realmId`.
const REALM_ID = '4620816365';
provider.use(async (ctx, next) => {
  await next();
  const location = ctx.response.get('location');
  if (location && /\/callback\?(.*&)?code=/.test(location)) {
    ctx.response.set('location', `${location}&realmId=${REALM_ID}`);
  }
});

// Other counters, the device `interval`, and OIDC_OFFLINE_WITHOUT_CONSENT.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/token/revocation') stats.revocations += 1;
  if (ctx.method === 'POST' && ctx.path === '/token/introspection') stats.introspections += 1;
  if (ctx.path === '/auth') {
    stats.authorizations += 1;
    if (OFFLINE_WITHOUT_CONSENT && ctx.method === 'GET') {
      const q = { ...ctx.query };
      if (typeof q.scope === 'string' && q.scope.split(' ').includes('offline_access')) {
        const prompts = new Set((q.prompt || '').split(' ').filter(Boolean));
        prompts.add('consent');
        q.prompt = [...prompts].join(' ');
        ctx.querystring = querystring.stringify(q);
      }
    }
  }
  if (ctx.method === 'POST' && ctx.path === '/device/auth') {
    stats.device_authorizations += 1;
    const raw = await readBody(ctx.req);
    ctx.req.body = raw; // oidc-provider falls back to req.body when the stream was consumed
    const params = querystring.parse(raw);
    const entry = {
      client_id_in_body: typeof params.client_id === 'string' ? params.client_id : null,
      client_auth: ctx.get('authorization') ? 'basic' : (params.client_secret !== undefined ? 'post' : 'none'),
      status: null,
    };
    stats.device_log.push(entry);
    if (DEVICE_REQUIRE_BODY_CLIENT_ID && entry.client_id_in_body === null) {
      // What oauthlib-based servers (Django OAuth Toolkit) answer.
      json(ctx, 400, { error: 'invalid_request', error_description: 'Missing client_id parameter.' });
      entry.status = 400;
      return undefined;
    }
    await next();
    entry.status = ctx.status;
    if (ctx.status === 200 && ctx.body && typeof ctx.body === 'object' && ctx.body.device_code) {
      ctx.body.interval = DEVICE_INTERVAL;
    }
    return undefined;
  }
  return next();
});

// RFC 8414 §3: the same metadata at /.well-known/oauth-authorization-server (oidc-provider
// serves only the OpenID Connect address). Every metadata request is logged, so tests can show
// that a client sends no credential with it.
provider.use(async (ctx, next) => {
  const rfc8414 = ctx.path === '/.well-known/oauth-authorization-server';
  if (!rfc8414 && ctx.path !== '/.well-known/openid-configuration') return next();
  stats.discovery_log.push({
    path: ctx.path,
    authorization: ctx.get('authorization') !== '',
    cookie: ctx.get('cookie') !== '',
    query: ctx.querystring,
  });
  if (rfc8414) {
    if (!RFC8414) {
      json(ctx, 404, { error: 'not_found' });
      return undefined;
    }
    ctx.path = '/.well-known/openid-configuration';
  }
  return next();
});

// Test control endpoints.
provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/test/')) return next();
  if (ctx.method === 'GET' && ctx.path === '/test/stats') {
    json(ctx, 200, stats);
  } else if (ctx.method === 'GET' && ctx.path === '/test/issued') {
    json(ctx, 200, { tokens: issued });
  } else if (ctx.method === 'POST' && ctx.path === '/test/reset') {
    await readBody(ctx.req);
    stats = freshStats();
    injections = [];
    devicePolls.clear();
    json(ctx, 200, { ok: true });
  } else if (ctx.method === 'POST' && ctx.path === '/test/inject') {
    const raw = await readBody(ctx.req);
    let p = { ...ctx.query };
    if (raw.trim().startsWith('{')) p = { ...p, ...JSON.parse(raw) };
    else if (raw.trim()) p = { ...p, ...querystring.parse(raw) };
    const inj = {
      count: p.count !== undefined ? Number(p.count) : 1,
      status: p.status !== undefined ? Number(p.status) : (p.delay_ms !== undefined && p.error === undefined && p.body === undefined ? 0 : (p.error ? 400 : 503)),
      error: p.error,
      body: p.body,
      type: p.type,
      grant_type: p.grant_type,
      delay_ms: p.delay_ms !== undefined ? Number(p.delay_ms) : 0,
    };
    injections.push(inj);
    json(ctx, 200, { ok: true, injection: inj });
  } else {
    json(ctx, 404, { error: 'not_found' });
  }
  return undefined;
});

// The protected resource.
async function findAccessToken(value) {
  if (!value) return undefined;
  const at = await provider.AccessToken.find(value);
  if (at && !at.isExpired) return { kind: 'access_token', token: at };
  const cc = await provider.ClientCredentials.find(value);
  if (cc && !cc.isExpired) return { kind: 'client_credentials', token: cc };
  const jwt = jwtTokens.get(value);
  if (jwt && jwt.exp > Date.now() / 1000) return { kind: 'jwt_bearer', token: jwt };
  return undefined;
}

// The protected API, and the ways providers want the access token presented: the standard
// Bearer header, a header with a scheme of the provider's own (as Zoho's `Zoho-oauthtoken`),
// and a query parameter.
const API_PATHS = ['/api/me', '/api/echo', '/api/scheme/me', '/api/query/me', '/api/versioned/me', '/api/user'];
// A connector's base URL has a path of its own (`/crm/v8`, `/services/data`): the API answers
// under any prefix, so a built-in connector can be pointed here as it is.
const apiPath = (path) => API_PATHS.find((p) => path === p || path.endsWith(p));
const API_VERSION = '2025-09-03';

function presentedToken(ctx) {
  const path = apiPath(ctx.path);
  if (path === '/api/query/me') return ctx.query.access_token || undefined;
  const scheme = path === '/api/scheme/me' ? 'Zoho-oauthtoken' : 'Bearer';
  const m = new RegExp(`^${scheme}\\s+(\\S+)\\s*$`, 'i').exec(ctx.get('authorization') || '');
  return m ? m[1] : undefined;
}

provider.use(async (ctx, next) => {
  const path = apiPath(ctx.path);
  if (!path) return next();
  stats.api_calls += 1;
  const presented = presentedToken(ctx);
  const found = presented ? await findAccessToken(presented) : undefined;
  if (!found) {
    stats.api_unauthorized += 1;
    ctx.set('WWW-Authenticate', presented ? 'Bearer error="invalid_token"' : 'Bearer');
    json(ctx, 401, { error: 'invalid_token' });
    return undefined;
  }
  const { token, kind } = found;
  const info = {
    sub: token.accountId ?? null,
    scope: token.scope ?? '',
    client_id: token.clientId,
    token_type: kind,
    exp: token.exp,
  };
  if (path === '/api/versioned/me' && ctx.get('notion-version') !== API_VERSION) {
    json(ctx, 400, { error: 'missing_version', message: `send Notion-Version: ${API_VERSION}` });
    return undefined;
  }
  if (path === '/api/user') {
    const person = personOf(info.sub ?? '');
    json(ctx, 200, { login: person.email, id: person.id, name: person.name });
    return undefined;
  }
  if (path !== '/api/echo') {
    if (ctx.method !== 'GET') {
      json(ctx, 405, { error: 'method_not_allowed' });
      return undefined;
    }
    json(ctx, 200, info);
    return undefined;
  }
  const body = await readBody(ctx.req);
  json(ctx, 200, {
    method: ctx.method,
    path: ctx.path,
    query: ctx.querystring,
    headers: ctx.headers,
    body,
    token: info,
  });
  return undefined;
});

// A smart-HTTP git remote behind the provider's tokens: `git http-backend` as CGI.
const GIT_PROJECT_ROOT = process.env.OIDC_GIT_PROJECT_ROOT || '';

// The token of a git request and how it came: Basic (the password; any username) or Bearer.
function gitToken(authorization) {
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(authorization || '');
  if (bearer) return { scheme: 'bearer', token: bearer[1] };
  const basic = /^basic\s+(\S+)\s*$/i.exec(authorization || '');
  if (!basic) return undefined;
  const pair = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon < 0) return undefined;
  return { scheme: 'basic', token: pair.slice(colon + 1) };
}

// Runs git http-backend for this request; resolves with its CGI answer split into status,
// headers and body.
function httpBackend(ctx, user) {
  return new Promise((resolve, reject) => {
    const env = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
      HOME: GIT_PROJECT_ROOT,
      PATH_INFO: ctx.path.slice('/git'.length),
      QUERY_STRING: ctx.querystring,
      REQUEST_METHOD: ctx.method,
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
      SERVER_PROTOCOL: 'HTTP/1.1',
    };
    if (ctx.get('content-type')) env.CONTENT_TYPE = ctx.get('content-type');
    if (ctx.get('content-length')) env.CONTENT_LENGTH = ctx.get('content-length');
    if (ctx.get('content-encoding')) env.HTTP_CONTENT_ENCODING = ctx.get('content-encoding');
    if (ctx.get('git-protocol')) env.GIT_PROTOCOL = ctx.get('git-protocol');
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => console.error(`git http-backend: ${chunk}`));
    child.on('error', reject);
    child.on('close', () => {
      const all = Buffer.concat(out);
      let end = all.indexOf('\r\n\r\n');
      let sep = 4;
      if (end < 0) {
        end = all.indexOf('\n\n');
        sep = 2;
      }
      if (end < 0) {
        reject(new Error('git http-backend gave no CGI headers'));
        return;
      }
      const headers = all.slice(0, end).toString('utf8').split(/\r?\n/).map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      });
      resolve({ headers, body: all.slice(end + sep) });
    });
    ctx.req.pipe(child.stdin);
  });
}

provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/git/')) return next();
  stats.git_requests += 1;
  if (!GIT_PROJECT_ROOT) {
    json(ctx, 404, { error: 'OIDC_GIT_PROJECT_ROOT is not set' });
    return undefined;
  }
  const presented = gitToken(ctx.get('authorization'));
  const found = presented ? await findAccessToken(presented.token) : undefined;
  if (!found) {
    stats.git_unauthorized += 1;
    ctx.set('WWW-Authenticate', 'Basic realm="git"');
    ctx.status = 401;
    ctx.type = 'text/plain';
    ctx.body = 'a valid access token is required\n';
    return undefined;
  }
  stats.git_auth[presented.scheme] += 1;
  const answer = await httpBackend(ctx, String(found.token.accountId ?? 'git'));
  ctx.status = 200;
  for (const [name, value] of answer.headers) {
    if (name.toLowerCase() === 'status') ctx.status = parseInt(value, 10);
    else if (name) ctx.set(name, value);
  }
  ctx.body = answer.body;
  return undefined;
});

// Two API keys, both required (as Datadog's API and application keys).
const API_KEY = 'test-api-key-1';
const APP_KEY = 'test-app-key-2';
provider.use(async (ctx, next) => {
  if (!ctx.path.endsWith('/keys/me')) return next();
  stats.key_calls += 1;
  if (ctx.get('dd-api-key') !== API_KEY || ctx.get('dd-application-key') !== APP_KEY) {
    json(ctx, 403, { errors: ['Forbidden'] });
    return undefined;
  }
  json(ctx, 200, { valid: true, keys: 2 });
  return undefined;
});

// A revocation endpoint with a JSON body, authenticated by the token itself or the client.
provider.use(async (ctx, next) => {
  if (ctx.path !== '/revoke/json' || ctx.method !== 'POST') return next();
  const raw = await readBody(ctx.req);
  let token;
  try {
    ({ token } = JSON.parse(raw));
  } catch {
    json(ctx, 400, { error: 'invalid_request', error_description: 'the body is not JSON' });
    return undefined;
  }
  const authorization = ctx.get('authorization') || '';
  const bearer = /^bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const entry = {
    content_type: ctx.get('content-type') || null,
    auth: bearer ? 'bearer' : (basicClientId(authorization) ? 'basic' : 'none'),
    bearer_is_token: bearer !== undefined && bearer === token,
    found: false,
  };
  stats.json_revocations.push(entry);
  for (const model of [provider.AccessToken, provider.ClientCredentials, provider.RefreshToken]) {
    const found = typeof token === 'string' ? await model.find(token) : undefined;
    if (found) {
      entry.found = true;
      await found.destroy();
    }
  }
  json(ctx, 200, { revoked: entry.found });
  return undefined;
});

// GitHub's way to end an app's authorization: DELETE /applications/CLIENT_ID/grant, the client
// authenticated with Basic, the access token in a JSON body; the whole grant ends.
provider.use(async (ctx, next) => {
  const m = /^\/applications\/([^/]+)\/grant$/.exec(ctx.path);
  if (!m) return next();
  const raw = await readBody(ctx.req);
  let body = {};
  try {
    body = JSON.parse(raw);
  } catch {
    // Logged below as a body without a token.
  }
  const pathClient = decodeURIComponent(m[1]);
  const entry = {
    method: ctx.method,
    path_client_id: pathClient,
    auth: basicClientId(ctx.get('authorization')) === pathClient ? 'basic' : 'other',
    found: false,
  };
  stats.json_revocations.push(entry);
  const at = typeof body.access_token === 'string' ? await provider.AccessToken.find(body.access_token) : undefined;
  if (ctx.method !== 'DELETE' || entry.auth !== 'basic' || !at || at.clientId !== pathClient) {
    json(ctx, 404, { message: 'Not Found' });
    return undefined;
  }
  entry.found = true;
  await provider.AccessToken.revokeByGrantId(at.grantId);
  await provider.RefreshToken.revokeByGrantId(at.grantId);
  ctx.status = 204;
  return undefined;
});

// An API that takes a key (`X-API-Key`, one of API_KEYS) instead of a token. A wrong key is
// refused with an answer that repeats it, as careless servers do: what tether shows of such an
// answer must never include it.
provider.use(async (ctx, next) => {
  const failing = /^\/failing\/([1-5][0-9][0-9])\/?$/.exec(ctx.path);
  if (failing) {
    json(ctx, Number(failing[1]), { error: 'as asked' });
    return undefined;
  }
  if (ctx.path !== '/keyed/user') return next();
  stats.api_calls += 1;
  const key = ctx.get('x-api-key');
  const login = Object.hasOwn(API_KEYS, key) ? API_KEYS[key] : undefined;
  if (!login) {
    stats.api_unauthorized += 1;
    json(ctx, 401, { error: 'unknown key', received: key });
    return undefined;
  }
  const person = personOf(login);
  json(ctx, 200, { user: { email: person.email, id: person.id } });
  return undefined;
});

// Login and consent.
function interactionPage(uid, prompt, details) {
  if (prompt.name === 'login') {
    return page('Sign in', `<form id="login" method="post" action="/interaction/${esc(uid)}/login">`
      + '<label>User <input type="text" name="login" value="" autofocus></label>'
      + '<button type="submit">Sign in</button></form>'
      + `<p><a href="/interaction/${esc(uid)}/abort">Cancel</a></p>`);
  }
  const scopes = [
    ...(details.missingOIDCScope || []),
    ...Object.values(details.missingResourceScopes || {}).flat(),
  ];
  return page('Authorize', `<p id="scopes">Requested: ${esc(scopes.join(' '))}</p>`
    + `<form id="consent" method="post" action="/interaction/${esc(uid)}/confirm">`
    + '<button type="submit" name="decision" value="allow">Allow</button>'
    + '<button type="submit" name="decision" value="deny">Deny</button></form>');
}

async function finish(ctx, result) {
  const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
}

const denied = { error: 'access_denied', error_description: 'End-User denied the request' };

provider.use(async (ctx, next) => {
  const m = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(ctx.path);
  if (!m) return next();
  ctx.set('Cache-Control', 'no-store');
  const [, uid, action] = m;
  let interaction;
  try {
    interaction = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (err) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('Error', `<pre id="error">${esc(err.message)}</pre>`);
    return undefined;
  }
  if (interaction.uid !== uid) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('Error', '<pre id="error">interaction mismatch</pre>');
    return undefined;
  }
  const { prompt, params, session } = interaction;

  if (!action && ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = interactionPage(uid, prompt, prompt.details);
    return undefined;
  }
  if (action === 'abort' && ctx.method === 'GET') {
    await finish(ctx, denied);
    return undefined;
  }
  if (ctx.method !== 'POST') return next();
  const form = querystring.parse(await readBody(ctx.req));

  if (action === 'login') {
    if (prompt.name !== 'login') return finish(ctx, denied);
    const login = typeof form.login === 'string' ? form.login.trim() : '';
    if (!login) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = interactionPage(uid, prompt, prompt.details);
      return undefined;
    }
    if (login === 'deny') return finish(ctx, denied);
    return finish(ctx, { login: { accountId: login } });
  }

  if (action === 'confirm') {
    if (form.decision !== 'allow') return finish(ctx, denied);
    if (prompt.name !== 'consent') return finish(ctx, denied);
    const { details } = prompt;
    let grant;
    if (interaction.grantId) {
      grant = await provider.Grant.find(interaction.grantId);
    } else {
      grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    }
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    if (details.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(details.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const grantId = await grant.save();
    const consent = interaction.grantId ? {} : { grantId };
    return finish(ctx, { consent });
  }
  return next();
});

// ---------------------------------------------------------------- go

server.on('request', provider.callback());
server.keepAliveTimeout = 1000;

process.stdout.write(`${JSON.stringify({ issuer: ISSUER, port, resource: RESOURCE })}\n`);

const shutdown = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (!envFlag('OIDC_IGNORE_STDIN', false)) {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
}
