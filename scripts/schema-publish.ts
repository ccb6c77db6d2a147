/**
 * npm run schema:publish [-- --root <dir>]
 * Moves the schema registry's baseline (schema/published/supergraph.graphql) to the composed supergraph. Refuses
 * while schema:check fails, in particular while a breaking change against the current baseline is not acknowledged in
 * schema/breaking-changes.json. Commit the result: schema:check compares with it by default.
 */
import { parseCliArgs } from './lib/cli.js';
import { formatSchemaCheck, publishSchema, PUBLISHED_SUPERGRAPH_FILE } from './lib/schema-workflow.js';

const { root } = parseCliArgs(process.argv.slice(2));
const result = await publishSchema({ root });
if (!result.ok) {
  console.error(formatSchemaCheck(result.check));
  console.error(`\nnot published: ${PUBLISHED_SUPERGRAPH_FILE} unchanged`);
  process.exit(1);
}
console.log(result.changed ? `published ${PUBLISHED_SUPERGRAPH_FILE}` : `${PUBLISHED_SUPERGRAPH_FILE} already up to date`);
