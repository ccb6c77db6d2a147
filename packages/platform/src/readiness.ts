/**
 * What `/_readiness` asks on every probe once a service has started: can it still reach the dependencies it cannot
 * serve without? A load balancer must stop sending traffic soon after the database goes away and resume when it
 * returns, so results are cached only briefly and every probe is bounded by a timeout (a blackholed host would
 * otherwise hang the probe past the orchestrator's own timeout).
 */
export interface DependencyProbe {
  /** Named in the 503 body: `database`, `redis`, `sqs`. */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or never settles) when it does not. */
  probe(): Promise<unknown>;
}

export interface ReadinessOptions {
  /** How long one round of results answers later probes: kubelets and load balancers probe many times a second in sum. */
  cacheMs?: number;
  /** Longest wait for one dependency. */
  timeoutMs?: number;
  now?: () => number;
}

export interface ReadinessReport {
  ready: boolean;
  /** Dependency name → why it is not reachable. */
  failing: Record<string, string>;
}

export class Readiness {
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private last: { at: number; report: Promise<ReadinessReport> } | undefined;

  constructor(
    private readonly probes: readonly DependencyProbe[],
    options: ReadinessOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 1_500;
    this.now = options.now ?? Date.now;
  }

  /** Concurrent callers share one round of probes; a round older than cacheMs is repeated. */
  check(): Promise<ReadinessReport> {
    const now = this.now();
    if (this.last && now - this.last.at < this.cacheMs) return this.last.report;
    const report = this.probeAll();
    this.last = { at: now, report };
    return report;
  }

  private async probeAll(): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.probes.map(async (p) => {
        try {
          await bounded(p.probe(), this.timeoutMs, p.name);
          return null;
        } catch (error) {
          return [p.name, error instanceof Error ? error.message : String(error)] as const;
        }
      }),
    );
    const failing = Object.fromEntries(results.filter((r) => r !== null));
    return { ready: Object.keys(failing).length === 0, failing };
  }
}

async function bounded(promise: Promise<unknown>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
