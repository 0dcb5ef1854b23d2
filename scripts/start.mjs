// `npm start`: build the add-in (development, with the preview page), serve it over https on
// localhost:3000 with office-addin-dev-certs' certificates, and
//   - where Excel desktop exists (Windows, macOS), sideload it with office-addin-debugging;
//   - elsewhere (Linux, CI), print the preview page's URL: the task pane beside an in-browser
//     workbook holding the sample data.
// It keeps serving (and rebuilding on change) until stopped with Ctrl+C.
//
// Options: --port N (or PORT; 0 picks a free port), --out DIR (build directory, default dist),
// --http (skip certificates), --no-watch, --no-sideload.
// On Linux `office-addin-dev-certs install` writes the files but cannot trust them without sudo,
// and getHttpsServerOptions() then throws; so the files are read directly. If they cannot be
// made at all, the server falls back to http and says so.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { homedir, platform } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import webpack from "webpack";
import config from "../webpack.config.js";

const root = resolve(fileURLToPath(import.meta.url), "..", "..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".xml": "application/xml; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ico": "image/x-icon",
};

function parseArgs(argv) {
  const opts = { port: Number(process.env.PORT ?? 3000), out: "dist", http: false, watch: true, sideload: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port") opts.port = Number(argv[++i]);
    else if (a === "--out") opts.out = argv[++i];
    else if (a === "--http") opts.http = true;
    else if (a === "--no-watch") opts.watch = false;
    else if (a === "--no-sideload") opts.sideload = false;
  }
  return opts;
}

/** Builds with the preview; resolves after the first build, keeps watching when asked. */
export function build({ out = "dist", watch = false, production = false } = {}) {
  const compiler = webpack(config({ preview: true, out }, { mode: production ? "production" : "development" }));
  return new Promise((resolvePromise, reject) => {
    let first = true;
    const done = (err, stats) => {
      if (err || stats.hasErrors()) {
        const message = err ? err.message : stats.toString("errors-only");
        if (first) return reject(new Error(message));
        console.error(`[start] rebuild failed:\n${message}`);
        return;
      }
      if (first) {
        first = false;
        resolvePromise({ dir: resolve(root, out), close: () => new Promise((r) => (watching ? watching.close(r) : compiler.close(r))) });
      } else console.log("[start] rebuilt");
    };
    const watching = watch ? compiler.watch({ aggregateTimeout: 300, ignored: ["**/node_modules/**", "**/dist/**", "**/build/**", "**/test/artifacts/**"] }, done) : null;
    if (!watch) compiler.run(done);
  });
}

/** The dev certificates, created when missing; undefined when they cannot be had. */
export async function devCertificates() {
  const dir = join(homedir(), ".office-addin-dev-certs");
  const files = ["ca.crt", "localhost.crt", "localhost.key"].map((f) => join(dir, f));
  if (!files.every(existsSync)) {
    try {
      const mod = await import("office-addin-dev-certs");
      const certs = mod.default ?? mod;
      // Writes the files; trusting them needs admin rights it may not have, which is fine here.
      // It may ask for a password (sudo) where nobody can answer: give up after a while.
      await Promise.race([certs.ensureCertificatesAreInstalled().catch(() => undefined), new Promise((r) => setTimeout(r, 30000).unref())]);
    } catch {
      /* handled below */
    }
  }
  if (!files.every(existsSync)) return undefined;
  const [ca, cert, key] = files.map((f) => readFileSync(f));
  return { ca, cert, key };
}

/** A static file server over `dir`; resolves with the server and its base URL. */
export async function serve(dir, { port = 3000, http = false } = {}) {
  const certificates = http ? undefined : await devCertificates();
  const handler = (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = normalize(join(dir, path === "/" ? "preview.html" : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Not found");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      // Excel on the web loads the add-in from another origin.
      "access-control-allow-origin": "*",
    });
    createReadStream(file).pipe(res);
  };
  const server = certificates ? createHttpsServer(certificates, handler) : createHttpServer(handler);
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "localhost", ok);
  });
  const scheme = certificates ? "https" : "http";
  const url = `${scheme}://localhost:${server.address().port}/`;
  return { server, url, secure: !!certificates };
}

async function sideload() {
  const mod = await import("office-addin-debugging");
  const debugging = mod.default ?? mod;
  await debugging.startDebugging(join(root, "manifest.xml"), { appType: "desktop", app: "excel" });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  console.log("[start] building the add-in and the preview page…");
  const built = await build({ out: opts.out, watch: opts.watch });
  const { server, url, secure } = await serve(built.dir, { port: opts.port, http: opts.http });
  if (!secure) {
    console.log(
      opts.http
        ? "[start] serving over http (--http)."
        : "[start] no development certificates could be created (office-addin-dev-certs), so serving over http: Excel needs https, the preview page does not.",
    );
  }
  console.log(`[start] add-in files: ${url}taskpane.html, ${url}functions.json`);
  const desktop = platform() === "win32" || platform() === "darwin";
  if (desktop && opts.sideload) {
    try {
      await sideload();
      console.log("[start] sideloaded into Excel desktop.");
    } catch (e) {
      console.log(`[start] could not sideload into Excel (${e.message}); open the preview instead.`);
    }
  } else {
    console.log("[start] no Excel desktop here: open the preview, the task pane beside an in-browser workbook with the sample data.");
  }
  console.log(`Preview: ${url}preview.html`);
  console.log("[start] serving until stopped (Ctrl+C).");
  const stop = async () => {
    server.close();
    await built.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    console.error(`[start] ${e.message}`);
    process.exit(1);
  });
}
