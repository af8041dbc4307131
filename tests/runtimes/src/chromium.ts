// Debian's headless chromium driven by playwright-core (no browser download), pages served over loopback only.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why Chromium cannot run here, or undefined. */
export const chromiumMissing: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing (apt-get install chromium, as .ci/run does)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };

/**
 * Serves dir on 127.0.0.1; `/` is the page that html() returns at the time of the request. headers go on every
 * answer (the cross-origin isolation headers, for instance).
 */
export async function serve(
  dir: string,
  html: () => string,
  headers: Record<string, string> = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html());
      return;
    }
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}

/** An HTML page with the data in a JSON script element and the bundle as a module or classic script. */
export function page(data: unknown, script: string, module: boolean): string {
  const json = JSON.stringify(data).replaceAll('<', '\\u003c');
  return `<!doctype html><meta charset="utf-8"><script id="data" type="application/json">${json}</script><script ${module ? 'type="module" ' : ''}src="${script}"></script>`;
}

/** Opens url and waits for window.__result (or __error) set by the page. */
export async function resultOf(browser: Browser, url: string): Promise<unknown> {
  const tab = await browser.newPage();
  try {
    await tab.goto(url);
    await tab.waitForFunction(
      () => {
        const w = window as unknown as { __result?: unknown; __error?: string };
        return w.__result !== undefined || w.__error !== undefined;
      },
      null,
      { timeout: 180_000 },
    );
    const { result, error } = await tab.evaluate(() => {
      const w = window as unknown as { __result?: unknown; __error?: string };
      return { result: w.__result, error: w.__error };
    });
    if (error !== undefined) throw new Error(`page: ${error}`);
    return result;
  } finally {
    await tab.close();
  }
}
