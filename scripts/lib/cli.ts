/** Shared argument handling of the schema scripts: `--root <dir>` (or SCHEMA_ROOT) points them at another tree. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function parseCliArgs(argv: string[], extra: Record<string, { type: 'string' }> = {}) {
  const { values } = parseArgs({
    args: argv,
    options: { root: { type: 'string' }, ...extra },
    strict: true,
  });
  const root = path.resolve(values.root ?? process.env.SCHEMA_ROOT ?? REPO_ROOT);
  return { root, values: values as Record<string, string | undefined> };
}
