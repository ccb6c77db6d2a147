/**
 * `npm run listen -- <email> [password]`: signs in through the gateway and prints the user's notifications live, as
 * a client would receive them (graphql-ws, `notificationReceived`). When the access token expires (the gateway
 * closes with 4401), it refreshes the session and resumes with `since` = the last cursor it printed, so nothing is
 * missed or printed twice. PASSWORD and GATEWAY_URL (default http://localhost:4000/graphql) may come from the
 * environment.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { readEnv } from '@paygraph/platform/config';
import { postGraphQL } from '@paygraph/platform/testing';

const host = readEnv();
const [email, argPassword] = process.argv.slice(2);
const password = argPassword ?? host.PASSWORD;
const url = host.GATEWAY_URL ?? 'http://localhost:4000/graphql';
if (!email || !password) {
  process.stderr.write('usage: npm run listen -- <email> <password>   (or PASSWORD=… npm run listen -- <email>)\n');
  process.exit(2);
}

type Session = { accessToken: string; refreshToken: string };
const login = await postGraphQL<{ login: Session & { userErrors: { message: string }[] } }>(
  url,
  'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken userErrors { message } } }',
  { input: { email, password } },
);
if (!login.data?.login.accessToken) {
  process.stderr.write(`sign-in failed: ${JSON.stringify(login.errors ?? login.data?.login.userErrors)}\n`);
  process.exit(1);
}
let session: Session = login.data.login;
let since: string | null = null;

async function refresh(): Promise<void> {
  const res = await postGraphQL<{ refreshSession: Session | null }>(
    url,
    'mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken } }',
    { input: { refreshToken: session.refreshToken } },
  );
  if (!res.data?.refreshSession?.accessToken) throw new Error(`refresh failed: ${JSON.stringify(res.errors)}`);
  session = res.data.refreshSession;
}

const QUERY = `subscription($since: String) {
  notificationReceived(since: $since) {
    cursor kind title body createdAt
    payment { id status amount { amount currency } sender { displayName } }
  }
}`;

for (;;) {
  const closedWith = await new Promise<number>((resolve) => {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${session.accessToken}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: { closed: (event) => resolve((event as { code: number }).code) },
    });
    process.stderr.write(`listening for ${email}'s notifications${since ? ` after ${since}` : ''} (Ctrl-C to stop)\n`);
    client.subscribe<{ notificationReceived: { cursor: string; kind: string; title: string; body: string; createdAt: string } }>(
      { query: QUERY, variables: { since } },
      {
        next: ({ data, errors }) => {
          if (errors) process.stderr.write(`${JSON.stringify(errors)}\n`);
          if (!data) return;
          since = data.notificationReceived.cursor;
          process.stdout.write(`${JSON.stringify(data.notificationReceived)}\n`);
        },
        error: (err) => {
          process.stderr.write(`subscription ended: ${JSON.stringify(err)}\n`);
          void client.dispose();
        },
        complete: () => void client.dispose(),
      },
    );
  });
  if (closedWith === 4401) {
    await refresh();
    continue;
  }
  process.stderr.write(`connection closed (${closedWith}); reconnecting in 2 s\n`);
  await new Promise((r) => setTimeout(r, 2000));
}
