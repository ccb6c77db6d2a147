/**
 * Builds the console with Vite when web/dist is missing or older than its sources, so a fresh clone's `npm start` (and
 * the end-to-end tests) serve the current console without a build step of their own. Nothing built is committed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const WEB_DIR = path.resolve(import.meta.dirname, '..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const child of await readdir(entry)) newest = Math.max(newest, await newestMtime(path.join(entry, child)));
  return newest;
}

export async function consoleIsStale(): Promise<boolean> {
  const built = path.join(DIST_DIR, 'index.html');
  if (!existsSync(built)) return true;
  const sources = await Promise.all(['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(path.join(WEB_DIR, p))));
  return Math.max(...sources) > (await stat(built)).mtimeMs;
}

/** Runs `vite build` in web/ (a child process: Vite's own dependencies stay out of the server's process). */
export async function ensureConsoleBuilt(log: (msg: string) => void = () => {}): Promise<void> {
  if (!(await consoleIsStale())) return;
  log('Building the web console…');
  const vite = path.join(path.dirname(createRequire(path.join(WEB_DIR, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code}):\n${output}`))));
  });
}
