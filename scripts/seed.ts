/**
 * npm run seed [-- --url http://localhost:4000/graphql]
 * Creates the console's demo users (README: "Demo logins") with money and history on a running graph; a second run
 * changes nothing. `npm start -- --seed` does the same once the embedded graph is up.
 */
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './lib/cli.js';
import { DEMO_PASSWORD, seedDemo } from './lib/seed.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { url: { type: 'string', default: 'http://localhost:4000/graphql' } } });
const url = values.url!;
try {
  const result = await seedDemo(url, REPO_ROOT, (m) => console.log(m));
  for (const email of result.created) console.log(`created ${email}`);
  for (const email of result.existing) console.log(`already there: ${email}`);
  console.log(`Demo logins (password "${DEMO_PASSWORD}"): ${[...result.created, ...result.existing].join(', ')}`);
} catch (error) {
  console.error(`seed failed against ${url}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
