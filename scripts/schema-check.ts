/**
 * npm run schema:check [-- --root <dir>] [--base <git ref>]
 * CI gate for the graph: composition errors, breaking changes of the API schema not acknowledged in
 * schema/breaking-changes.json, registered operations that stop validating (or pending ones that now do), and
 * generated files under schema/ that are out of date. Breaking changes are found against the published baseline
 * (schema/published/supergraph.graphql, moved only by npm run schema:publish), the working-tree supergraph and, when
 * given, the supergraph at --base (or SCHEMA_BASE_REF; in GitHub pull requests origin/$GITHUB_BASE_REF).
 */
import { parseCliArgs } from './lib/cli.js';
import { formatSchemaCheck, runSchemaCheck } from './lib/schema-workflow.js';

const { root, values } = parseCliArgs(process.argv.slice(2), { base: { type: 'string' } });
const githubBase = process.env.GITHUB_BASE_REF ? `origin/${process.env.GITHUB_BASE_REF}` : undefined;
const baseRef = values.base ?? (process.env.SCHEMA_BASE_REF || undefined) ?? githubBase;
const result = await runSchemaCheck({ root, baseRef });
const report = formatSchemaCheck(result);
if (result.ok) console.log(report);
else {
  console.error(report);
  process.exit(1);
}
