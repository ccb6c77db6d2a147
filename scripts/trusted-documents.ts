/**
 * npm run trusted-documents [-- --root <dir>]
 * Writes schema/trusted-documents.json from schema/operations/*.graphql: each registered operation by the SHA-256 of
 * its printed document (an Apollo persisted-query manifest). `npm run compose` writes it too; `npm run schema:check`
 * fails when it is stale.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCliArgs } from './lib/cli.js';
import { loadRegisteredOperations, trustedDocumentsManifest, TRUSTED_DOCUMENTS_FILE } from './lib/operations.js';

const { root } = parseCliArgs(process.argv.slice(2));
const loaded = await loadRegisteredOperations(root);
if (loaded.errors.length > 0) {
  for (const e of loaded.errors) console.error(`  - ${e}`);
  process.exit(1);
}
await writeFile(path.join(root, TRUSTED_DOCUMENTS_FILE), trustedDocumentsManifest(loaded.operations));
console.log(`wrote ${TRUSTED_DOCUMENTS_FILE} (${loaded.operations.length} operations)`);
