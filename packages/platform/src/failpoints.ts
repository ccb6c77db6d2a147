import { readEnv } from './config.js';

/**
 * Failpoints: named places where a process can be made to die on purpose, to prove that a crash there loses and
 * duplicates nothing. Off unless PAYGRAPH_FAILPOINTS names them (comma-separated), which only crash tests do;
 * the process then kills itself with SIGKILL — no cleanup, no flush, exactly like a power cut or an OOM kill.
 */
const armed = new Set(
  (readEnv().PAYGRAPH_FAILPOINTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export function failpoint(name: string): void {
  if (armed.size > 0 && armed.has(name)) {
    process.stderr.write(`failpoint ${name}: killing process ${process.pid}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
