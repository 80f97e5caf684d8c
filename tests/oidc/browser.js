// A simulated person with a web browser, for tether's OAuth2 tests: point $BROWSER at
// tests/oidc/browser (a sh wrapper) or run `node tests/oidc/browser.js URL`.
//
// The invoked process detaches at once: it starts a background copy of itself and exits 0, so
// whoever runs $BROWSER never waits on it. The background copy (Node's fetch, a small cookie jar,
// no other dependencies) then:
//   authorization URL (has redirect_uri): GET it, follow redirects with cookies, submit the login
//     form (user $BROWSER_LOGIN, default "alice"), submit consent (Allow, or Deny when
//     BROWSER_DENY=1 => error=access_denied), and finally GET the loopback redirect
//     (http://127.0.0.1:PORT/callback?code=…&state=…&iss=…), i.e. deliver it to the CLI's listener.
//   device verification URL (no redirect_uri, or BROWSER_MODE=device): open it, type the user code
//     if the page asks (BROWSER_USER_CODE, or the one in verification_uri_complete), confirm
//     (or Abort when BROWSER_DEVICE_ABORT=1 => access_denied), log in, consent (BROWSER_DENY=1 =>
//     access_denied), until the "success" page.
// Environment:
//   BROWSER_LOG=path      append one line per event (see below); tests assert on it
//   BROWSER_DELAY_MS=n    wait before starting
//   BROWSER_MODE=auto|code|device|print   print: only log "open URL" (synchronously, before
//                         exiting, no background copy) and stop
//   BROWSER_LOGIN=name    login name (default alice; "deny" is refused by the server's login page)
//   BROWSER_DENY=1        press Deny on the consent page
//   BROWSER_DEVICE_ABORT=1  press Abort on the device confirmation page
//   BROWSER_USER_CODE=c   user code for a verification_uri without one
//   BROWSER_STRAY=1|all|favicon,path,state   before the real callback hit the listener with
//                         GET /favicon.ico (favicon), GET /other-path (path), and the callback path
//                         with state=wrong-state and no code (state); 1/all = all three
//   BROWSER_TAMPER=state|iss|drop-iss|drop-code|drop-state   alter the real callback before
//                         delivering it (state=tampered-state, iss=http://evil.example)
//   BROWSER_HOLD=path     once approved, log "hold <path>" and deliver the callback only when
//                         that file exists (a test does something to the waiting CLI first)
//   BROWSER_QUIET=1       the background copy does not write to the inherited stderr
//   BROWSER_FOREGROUND=1  do not detach (run in the invoking process; exit status = outcome)
//   BROWSER_TIMEOUT_MS    overall limit (default 30000)
// Log lines (BROWSER_LOG and stderr), "<event> <details>":
//   open <url> | nav <METHOD> <status> <url> | login <name> | consent allow|deny |
//   device-code <code> | device-confirm | device-abort | hold <path> | stray <status> <url> |
//   callback <status> <url> | callback-body <first 200 chars, one line> |
//   callback-page <the page's message, as HTML, one line> | device-success |
//   provider-error <text> | error <message> | done
// Exit status of the background copy (visible with BROWSER_FOREGROUND=1): 0 flow completed
// (callback delivered, whatever its status, or device success), 1 anything else.

import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = process.env;
const url0 = process.argv[2];

if (!url0) {
  process.stderr.write('usage: browser URL\n');
  process.exit(2);
}

// print mode: log synchronously (before $BROWSER returns) and do nothing else.
if (env.BROWSER_MODE === 'print' && !env.__TETHER_BROWSER_CHILD) {
  if (env.BROWSER_LOG) appendFileSync(env.BROWSER_LOG, `open ${url0}\n`);
  if (env.BROWSER_QUIET !== '1') process.stderr.write(`browser: open ${url0}\n`);
  process.exit(0);
}

if (!env.BROWSER_FOREGROUND && !env.__TETHER_BROWSER_CHILD) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    detached: true,
    stdio: ['ignore', 'ignore', env.BROWSER_QUIET === '1' ? 'ignore' : 'inherit'],
    env: { ...env, __TETHER_BROWSER_CHILD: '1' },
  });
  child.unref();
  process.exit(0);
}

const quiet = env.BROWSER_QUIET === '1';
function log(line) {
  const clean = String(line).replace(/[\r\n]+/g, ' ');
  if (env.BROWSER_LOG) {
    try {
      appendFileSync(env.BROWSER_LOG, `${clean}\n`);
    } catch (err) {
      if (!quiet) process.stderr.write(`browser: cannot write log: ${err.message}\n`);
    }
  }
  if (!quiet) process.stderr.write(`browser: ${clean}\n`);
}

const timeoutMs = Number(env.BROWSER_TIMEOUT_MS || 30000);
setTimeout(() => {
  log(`error overall timeout after ${timeoutMs} ms`);
  process.exit(1);
}, timeoutMs).unref();

// ---------------------------------------------------------------- cookie jar

const jar = []; // { host, name, value, path, expires }

function storeCookies(res, reqUrl) {
  const list = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
  for (const sc of list) {
    const [pair, ...attrs] = sc.split(';');
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = '/';
    let expires = Infinity;
    for (const a of attrs) {
      const [k, ...vs] = a.split('=');
      const key = k.trim().toLowerCase();
      const v = vs.join('=').trim();
      if (key === 'path' && v.startsWith('/')) path = v;
      if (key === 'expires') {
        const t = Date.parse(v);
        if (!Number.isNaN(t)) expires = Math.min(expires, t);
      }
      if (key === 'max-age') expires = Date.now() + Number(v) * 1000;
    }
    const host = reqUrl.hostname;
    const i = jar.findIndex((c) => c.host === host && c.name === name && c.path === path);
    if (i !== -1) jar.splice(i, 1);
    if (expires > Date.now() && value !== '') jar.push({ host, name, value, path, expires });
  }
}

function cookieHeader(u) {
  const now = Date.now();
  return jar
    .filter((c) => c.host === u.hostname && c.expires > now
      && (u.pathname === c.path || u.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

async function request(method, target, body) {
  const u = new URL(target);
  const headers = { 'user-agent': 'tether-test-browser/1', accept: 'text/html,*/*' };
  const cookies = cookieHeader(u);
  if (cookies) headers.cookie = cookies;
  let payload;
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(body).toString();
  }
  const res = await fetch(u, {
    method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(15000),
  });
  storeCookies(res, u);
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), text, url: u };
}

// ---------------------------------------------------------------- HTML forms

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => {
    const l = e.toLowerCase();
    if (l === 'amp') return '&';
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'quot') return '"';
    if (l === 'apos') return "'";
    if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
    return String.fromCodePoint(parseInt(l.slice(1), 10));
  });
}

function attrs(tag) {
  const out = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  const inner = tag.replace(/^<\w+/, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner))) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function parseForms(html) {
  const forms = [];
  const formRe = /<form\b[^>]*>([\s\S]*?)<\/form>/gi;
  let m;
  while ((m = formRe.exec(html))) {
    const a = attrs(m[0].slice(0, m[0].indexOf('>') + 1));
    forms.push({
      id: a.id || null, action: a.action || '', method: (a.method || 'get').toUpperCase(), fields: [], buttons: [], inner: m[1],
    });
  }
  // Controls inside each form, and controls elsewhere that name their form with form="id".
  const controlRe = /<(input|button)\b[^>]*>/gi;
  forms.forEach((f) => {
    let c;
    while ((c = controlRe.exec(f.inner))) addControl(f, c[1].toLowerCase(), attrs(c[0]));
  });
  const outside = html.replace(/<form\b[^>]*>[\s\S]*?<\/form>/gi, '');
  let c;
  while ((c = controlRe.exec(outside))) {
    const a = attrs(c[0]);
    const f = forms.find((x) => x.id && x.id === a.form);
    if (f) addControl(f, c[1].toLowerCase(), a);
  }
  return forms;
}

function addControl(form, kind, a) {
  const type = (a.type || (kind === 'button' ? 'submit' : 'text')).toLowerCase();
  if (type === 'submit') form.buttons.push({ name: a.name || null, value: a.value ?? '' });
  else if (a.name) form.fields.push({ name: a.name, value: a.value ?? '', type });
}

function submission(form, overrides, button) {
  const body = new URLSearchParams();
  for (const f of form.fields) body.append(f.name, f.name in overrides ? overrides[f.name] : f.value);
  if (button && button.name) body.append(button.name, button.value);
  return body;
}

// ---------------------------------------------------------------- the person

const mode = env.BROWSER_MODE || 'auto';
const start = new URL(url0);
const redirectUri = start.searchParams.get('redirect_uri');
const deviceMode = mode === 'device' || (mode === 'auto' && !redirectUri);

function isCallback(u) {
  if (!redirectUri || deviceMode) return false;
  const r = new URL(redirectUri);
  return u.protocol === r.protocol && u.hostname === r.hostname && u.port === r.port
    && u.pathname === r.pathname;
}

async function stray(callbackUrl) {
  const spec = (env.BROWSER_STRAY || '').toLowerCase();
  if (!spec || spec === '0') return;
  const kinds = spec === '1' || spec === 'all' ? ['favicon', 'path', 'state'] : spec.split(',').map((s) => s.trim());
  const origin = callbackUrl.origin;
  const targets = [];
  if (kinds.includes('favicon')) targets.push(`${origin}/favicon.ico`);
  if (kinds.includes('path')) targets.push(`${origin}/other-path?code=stray-code&state=stray`);
  if (kinds.includes('state')) {
    const u = new URL(callbackUrl.href);
    u.search = '';
    u.searchParams.set('code', 'stray-code');
    u.searchParams.set('state', 'wrong-state');
    targets.push(u.href);
  }
  for (const t of targets) {
    try {
      const r = await request('GET', t);
      log(`stray ${r.status} ${t}`);
    } catch (err) {
      log(`stray failed(${err.cause?.code || err.message}) ${t}`);
    }
  }
}

function tamper(u) {
  const t = (env.BROWSER_TAMPER || '').toLowerCase();
  const out = new URL(u.href);
  if (t === 'state') out.searchParams.set('state', 'tampered-state');
  if (t === 'iss') out.searchParams.set('iss', 'http://evil.example');
  if (t === 'drop-iss') out.searchParams.delete('iss');
  if (t === 'drop-code') out.searchParams.delete('code');
  if (t === 'drop-state') out.searchParams.delete('state');
  return out;
}

async function hold() {
  const path = env.BROWSER_HOLD;
  if (!path) return;
  log(`hold ${path}`);
  while (!existsSync(path)) await new Promise((r) => { setTimeout(r, 50); });
}

async function deliver(method, u, body) {
  await hold();
  await stray(u);
  const target = tamper(u);
  try {
    const r = await request(method, target.href, body);
    log(`callback ${r.status} ${target.href}`);
    log(`callback-body ${r.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    const message = /<p>([\s\S]*?)<\/p>/.exec(r.text);
    if (message) log(`callback-page ${message[1].replace(/\s+/g, ' ')}`);
    return 0;
  } catch (err) {
    log(`callback failed(${err.cause?.code || err.message}) ${target.href}`);
    return 1;
  }
}

function providerError(text) {
  const m = /<pre id="error">([\s\S]*?)<\/pre>/.exec(text);
  return m ? decodeEntities(m[1]) : text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

async function run() {
  log(`open ${url0}`);
  if (mode === 'print') return 0;
  const delay = Number(env.BROWSER_DELAY_MS || 0);
  if (delay > 0) await new Promise((r) => { setTimeout(r, delay); });

  let method = 'GET';
  let target = new URL(url0);
  let body;
  let codeSubmitted = false;
  let aborted = false;
  for (let step = 0; step < 30; step += 1) {
    if (isCallback(target)) return deliver(method, target, body);
    const r = await request(method, target.href, body);
    log(`nav ${method} ${r.status} ${target.href}`);
    if (r.status >= 300 && r.status < 400 && r.location) {
      const next = new URL(r.location, target);
      if (r.status === 307 || r.status === 308) {
        target = next;
      } else {
        method = 'GET';
        body = undefined;
        target = next;
      }
      continue;
    }
    if (r.text.includes('id="device-success"')) {
      log('device-success');
      return 0;
    }
    const forms = parseForms(r.text);
    if (r.status >= 400 || forms.length === 0) {
      log(`provider-error ${r.status} ${providerError(r.text)}`);
      return 1;
    }
    const form = forms[0];
    const action = new URL(form.action || target.href, target);
    let overrides = {};
    let button = form.buttons[0];
    if (form.fields.some((f) => f.name === 'login')) {
      const name = env.BROWSER_LOGIN || 'alice';
      overrides = { login: name };
      log(`login ${name}`);
    } else if (form.id === 'consent') {
      const deny = env.BROWSER_DENY === '1';
      button = form.buttons.find((b) => b.name === 'decision' && b.value === (deny ? 'deny' : 'allow'));
      log(`consent ${deny ? 'deny' : 'allow'}`);
    } else if (form.id === 'op.deviceInputForm') {
      const code = env.BROWSER_USER_CODE || start.searchParams.get('user_code');
      if (!code) {
        log('error the page asks for a user code: set BROWSER_USER_CODE');
        return 1;
      }
      if (aborted) {
        log('device-aborted');
        return 0;
      }
      if (codeSubmitted) {
        log(`provider-error ${r.status} ${providerError(r.text.replace(/<form[\s\S]*<\/form>/, ''))}`);
        return 1;
      }
      codeSubmitted = true;
      overrides = { user_code: code };
      log(`device-code ${code}`);
    } else if (form.id === 'op.deviceConfirmForm') {
      if (env.BROWSER_DEVICE_ABORT === '1') {
        button = form.buttons.find((b) => b.name === 'abort');
        aborted = true;
        log('device-abort');
      } else {
        button = form.buttons.find((b) => !b.name);
        log('device-confirm');
      }
    }
    // Anything else (e.g. an auto-submitting form_post page): submit as it is.
    const data = submission(form, overrides, button);
    if (form.method === 'POST') {
      method = 'POST';
      body = data;
      target = action;
    } else {
      method = 'GET';
      body = undefined;
      action.search = data.toString();
      target = action;
    }
  }
  log('error too many steps');
  return 1;
}

run().then((code) => {
  if (code === 0) log('done');
  process.exit(code);
}, (err) => {
  log(`error ${err.cause?.code || ''} ${err.message}`);
  process.exit(1);
});
