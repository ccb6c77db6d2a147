/**
 * One read for the keys asked by every request in this turn of the event loop. The per-request DataLoaders batch the
 * keys of one request; under load many requests ask for the same kind of row at once (every balance screen, every
 * `me`), each with its own statement, socket write and server round trip. Wrapped in this, the loads started before
 * the event loop's next check phase (`setImmediate`) become one call with the union of their keys, and each caller
 * takes its keys from the answer.
 *
 * Only for reads with no request-specific input but the keys (authorisation stays with the resolvers, after the
 * read), and no cache: every load waits for a statement started after it was asked, so it sees everything committed
 * before it. A failure fails every caller of that turn. The statement runs in the context of the turn's first caller
 * (its trace and request id).
 */
export function coalesceReads<V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, maxKeys = 500): (keys: readonly string[]) => Promise<Map<string, V>> {
  let open: { keys: Set<string>; answer: Promise<Map<string, V>> } | null = null;
  return (keys) => {
    if (open === null || open.keys.size + keys.length > maxKeys) {
      const turn = { keys: new Set<string>(), answer: null as unknown as Promise<Map<string, V>> };
      turn.answer = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (open === turn) open = null;
        return load([...turn.keys]);
      });
      open = turn;
    }
    for (const key of keys) open.keys.add(key);
    return open.answer;
  };
}

/**
 * The same for reads whose request is more than keys: the requests made before the event loop's next check phase go
 * to `run` together, which answers one result per request, in their order (typically one statement for all of them,
 * each taking its part of the rows). Same rules as `coalesceReads`: reads only, no cache, a failure fails the turn.
 */
export function coalesceTurn<Req, Res>(run: (requests: readonly Req[]) => Promise<readonly Res[]>, maxRequests = 100): (request: Req) => Promise<Res> {
  let open: { requests: Req[]; answer: Promise<readonly Res[]> } | null = null;
  return (request) => {
    if (open === null || open.requests.length >= maxRequests) {
      const turn = { requests: [] as Req[], answer: null as unknown as Promise<readonly Res[]> };
      turn.answer = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (open === turn) open = null;
        return run(turn.requests);
      });
      open = turn;
    }
    const index = open.requests.push(request) - 1;
    return open.answer.then((results) => results[index]!);
  };
}
