/**
 * npm run compose [-- --root <dir>]
 * Snapshots every subgraph's SDL into schema/<name>.graphql, composes schema/supergraph.graphql offline and writes the
 * event catalog as JSON Schema into schema/events/. On composition errors it prints them all, writes nothing, exits 1.
 */
import { parseCliArgs } from './lib/cli.js';
import { compose } from './lib/schema-workflow.js';

const { root } = parseCliArgs(process.argv.slice(2));
const result = await compose(root);
if (!result.ok) {
  console.error(`composition failed (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}):`);
  for (const e of result.errors) console.error(`  - ${e}`);
  process.exit(1);
}
const names = result.composition.subgraphs.map((s) => s.name).join(', ');
console.log(`composed ${result.composition.subgraphs.length} subgraphs (${names})`);
for (const h of result.composition.ok ? result.composition.hints : []) console.warn(`  hint: ${h}`);
for (const f of result.written) console.log(`  wrote   ${f}`);
for (const f of result.removed) console.log(`  removed ${f}`);
if (result.written.length + result.removed.length === 0) console.log('  schema/ already up to date');
