/**
 * A small static server for the built site with clean URLs (/attention → attention.html),
 * used by the browser tests, the benchmark and the export command.
 * Run directly: `npx tsx scripts/serve.ts [port]` serves dist/.
 */
import {createServer, type Server} from "node:http";
import {readFile, stat} from "node:fs/promises";
import {extname, join, normalize, resolve} from "node:path";
import {fileURLToPath} from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf"
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serve `root` on `port` (0 = any free port); resolves with the origin URL and a close function. */
export async function serveStatic(root: string, port = 0): Promise<{origin: string; server: Server; close: () => Promise<void>}> {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const safe = normalize(join(base, path));
    if (!safe.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    const candidates = path.endsWith("/") ? [join(safe, "index.html")] : [safe, `${safe}.html`, join(safe, "index.html")];
    for (const file of candidates) {
      if (await isFile(file)) {
        res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "access-control-allow-origin": "*"});
        res.end(await readFile(file));
        return;
      }
    }
    const notFound = join(base, "404.html");
    res.writeHead(404, {"content-type": "text/html; charset=utf-8"});
    res.end((await isFile(notFound)) ? await readFile(notFound) : "Not found");
  });
  await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    server,
    close: () => new Promise<void>((done) => server.close(() => done()))
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 3000);
  serveStatic("dist", port).then(({origin}) => console.log(`Serving dist/ at ${origin}`));
}
