// A stand-in Kubernetes API server for the kubectl tests: HTTPS (kubectl runs exec credential
// plugins only for TLS clusters) with the certificate the test made, answering every request
// as `GET /api` does, only for a bearer token the test authorization server accepts: each
// request's Authorization header is checked at ISSUER/api/me (counted in its /test/stats as
// api_calls and api_unauthorized).
//
//   node tests/oidc/kube-api.js ISSUER CERT.pem KEY.pem
//   prints ONE JSON line on stdout when ready: {"port":PORT}; runs until its stdin reaches EOF.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

const [issuer, certPath, keyPath] = process.argv.slice(2);
if (!issuer || !certPath || !keyPath) {
  process.stderr.write('usage: node kube-api.js ISSUER CERT.pem KEY.pem\n');
  process.exit(2);
}

// What the authorization server says of the header: its HTTP status.
function check(authorization) {
  return new Promise((resolve) => {
    const headers = authorization ? { authorization } : {};
    http.get(`${issuer}/api/me`, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', () => resolve(502));
  });
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = https.createServer({
  cert: readFileSync(certPath),
  key: readFileSync(keyPath),
}, async (req, res) => {
  const status = await check(req.headers.authorization);
  if (status !== 200) {
    send(res, 401, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Unauthorized', reason: 'Unauthorized', code: 401,
    });
    return;
  }
  const { port } = server.address();
  send(res, 200, {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }],
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
