/**
 * npm run codegen:check [-- --root <dir>]
 * Fails when a file generated from codegen.yml (typed resolvers per subgraph) is missing or differs from what
 * graphql-codegen produces from the current schemas. Writes nothing; the fix is `npm run codegen`.
 */
import { parseCliArgs } from './lib/cli.js';
import { checkCodegen } from './lib/codegen.js';

const { root } = parseCliArgs(process.argv.slice(2));
let result;
try {
  result = await checkCodegen(root);
} catch (error) {
  console.error(`codegen:check FAILED: graphql-codegen could not run:\n${(error as Error).message}`);
  process.exit(1);
}
if (result.drifted.length > 0) {
  console.error(`codegen:check FAILED: ${result.drifted.length} generated file(s) out of date:`);
  for (const d of result.drifted) console.error(`  - ${d.file} (${d.reason === 'missing' ? 'missing' : 'differs from a fresh run'})`);
  console.error('fix: npm run codegen, then commit the generated files (never edit them by hand).');
  process.exit(1);
}
console.log(`codegen:check passed: ${result.checked.length} generated file(s) up to date`);
for (const f of result.checked) console.log(`  ${f}`);
