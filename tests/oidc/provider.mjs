// A real OpenID provider (the certified `oidc-provider` package) for the tests of the
// académie sign-in. Started by tests/oidc_support.py on 127.0.0.1, ephemeral port:
//
//     node tests/oidc/provider.mjs CONFIG.json READY.json
//
// CONFIG.json: {"clients": [...client metadata...], "accounts": {"login": {claims}},
//               "wrong_audience_client": "client id"}. Once listening, writes
// {"issuer": "http://127.0.0.1:PORT"} to READY.json. The login page is our own small
// interaction (no password: the test's person types the login the config lists); consent is
// granted at once. ID tokens issued to `wrong_audience_client` are re-signed, with the
// provider's own key, for another audience: the relying party must refuse them.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts || {};
const OTHER_AUDIENCE = 'une-autre-application';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'registre-test', alg: 'RS256', use: 'sig' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
    `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 10000) break;
  }
  return new URLSearchParams(raw);
}

async function grantConsent(provider, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  return grant.save();
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    const grantId = await grantConsent(provider, details);
    return provider.interactionFinished(req, res, { consent: { grantId } },
      { mergeWithLastSubmission: true });
  }
  if (req.method === 'POST') {
    const login = (await readForm(req)).get('login') || '';
    if (Object.hasOwn(accounts, login)) {
      return provider.interactionFinished(req, res, { login: { accountId: login } },
        { mergeWithLastSubmission: false });
    }
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(page('Fournisseur d\'identité de test', `
    <form method="post" action="/interaction/${escape(details.uid)}">
      <label for="login">Identifiant académique</label>
      <input id="login" name="login" autocomplete="username" autofocus>
      <button type="submit">Valider</button>
    </form>`));
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: ['registre-test-cookies'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Se déconnecter du fournisseur d\'identité ?', `${form}
            <button type="submit" form="op.logoutForm" name="logout" value="yes">Me déconnecter</button>
            <button type="submit" form="op.logoutForm">Rester connecté</button>`);
        },
      },
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      fredu: ['FrEduRneResp', 'FrEduFonctAdm'],
    },
    findAccount: (ctx, id) => (Object.hasOwn(accounts, id)
      ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) }
      : undefined),
    interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
  });

  provider.use(async (ctx, next) => {
    await next();
    const idToken = ctx.body && ctx.body.id_token;
    if (ctx.path === '/token' && idToken
        && ctx.oidc?.client?.clientId === config.wrong_audience_client) {
      const claims = { ...decodeJwt(idToken), aud: OTHER_AUDIENCE, azp: OTHER_AUDIENCE };
      ctx.body = { ...ctx.body, id_token: await new SignJWT(claims)
        .setProtectedHeader(decodeProtectedHeader(idToken)).sign(privateKey) };
    }
  });

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error) => {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`interaction refusée : ${error.message}`);
      });
      return;
    }
    callback(req, res);
  });
  writeFileSync(process.argv[3], JSON.stringify({ issuer }));
});
