// A real OpenID Connect provider (oidc-provider, with its development login and consent screens) for the browser
// specs, as a child process: it is an ES module and the specs run as CommonJS. An account id is
// `<customerId>:<role>`, and its ID token carries them as `customer_id` and `role`, as the API's tokens do.
//   node oidc-provider.mjs <port> <client id> <client secret> <redirect uri>
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub', 'customer_id', 'role'] },
  async findAccount(_ctx, id) {
    const [customerId, role] = id.split(':');
    return { accountId: id, claims: async () => ({ sub: id, customer_id: customerId, role }) };
  },
  pkce: { required: () => true },
  cookies: { keys: ['browser-spec-cookie-key-0123456789'] },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`OIDC provider listening on ${issuer}`));
