/**
 * Regenerates codegen.yml's outputs in memory and compares them with the files in the tree, without writing anything.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

export interface CodegenDrift {
  checked: string[];
  drifted: { file: string; reason: 'missing' | 'differs' }[];
}

export async function checkCodegen(root: string): Promise<CodegenDrift> {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
  const outputs = (await generate(
    // Plugins resolve from this repository's node_modules, so the check also runs on a copy of the tree elsewhere.
    { ...config, cwd: root, silent: true, verbose: false, pluginLoader: (name: string) => import(name) },
    false,
  )) as {
    filename: string;
    content: string;
  }[];
  const result: CodegenDrift = { checked: [], drifted: [] };
  for (const { filename, content } of outputs) {
    const file = path.relative(root, path.resolve(root, filename));
    result.checked.push(file);
    const target = path.join(root, file);
    if (!existsSync(target)) result.drifted.push({ file, reason: 'missing' });
    else if ((await readFile(target, 'utf8')) !== content) result.drifted.push({ file, reason: 'differs' });
  }
  return result;
}
