/**
 * Serves the built console (web/dist) on its own port. The console is a static single-page app that talks to the
 * gateway directly, like any front end of the public graph; this server only hands out its files and tells it where
 * the gateway is (a meta tag in index.html), so the same build runs against any gateway.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

export interface ConsoleServerOptions {
  /** The built console (web/dist). */
  distDir: string;
  /** The gateway's GraphQL endpoint as the browser reaches it; read per request, so it can be set after listening. */
  graphqlUrl: () => string;
  port: number;
  host: string;
}

export interface RunningConsole {
  url: string;
  /** The origin browsers send (for the gateway's CORS_ORIGINS). */
  origin: string;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<RunningConsole> {
  const root = path.resolve(opts.distDir);
  const indexHtml = await readFile(path.join(root, 'index.html'), 'utf8');
  const page = () =>
    indexHtml.replace(
      /<meta name="paygraph-graphql-url" content="[^"]*"\s*\/?>/,
      `<meta name="paygraph-graphql-url" content="${escapeAttribute(opts.graphqlUrl())}" />`,
    );

  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://console').pathname);
    const file = path.join(root, pathname);
    const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    if (file.startsWith(root + path.sep) && pathname !== '/index.html') {
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) {
        res.writeHead(200, {
          ...common,
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-length': info.size,
          // Vite names assets by content hash: they never change under the same name.
          'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
        return;
      }
      if (path.extname(pathname)) {
        res.writeHead(404, { ...common, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
    }
    // Every other path is the app (its routes live in the URL's hash, but a typed path should still open it).
    const body = page();
    res.writeHead(200, { ...common, 'content-type': TYPES['.html']!, 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
  const origin = `http://${shownHost}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
