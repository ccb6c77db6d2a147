import { existsSync } from 'node:fs';
import { readFile, writeFile, unlink } from 'node:fs/promises';

/**
 * One embedded Paygraph per data directory. A previous run that was killed abruptly may have left its process
 * behind (e.g. the `npm` parent was killed and the Node child lived on, still holding the ports): stop it, then
 * record ourselves. The file is removed on a clean exit.
 */
export async function takeOverPidFile(file: string, marker: string, log: (msg: string) => void): Promise<void> {
  if (existsSync(file)) {
    const pid = Number((await readFile(file, 'utf8')).trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) && (await commandLine(pid)).includes(marker)) {
      log(`Stopping the previous Paygraph run (pid ${pid})…`);
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 15_000;
      while (alive(pid) && Date.now() < deadline) await sleep(100);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      while (alive(pid)) await sleep(50);
    }
  }
  await writeFile(file, String(process.pid));
}

export async function releasePidFile(file: string): Promise<void> {
  try {
    if (Number((await readFile(file, 'utf8')).trim()) === process.pid) await unlink(file);
  } catch {
    // already gone
  }
}

async function commandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
