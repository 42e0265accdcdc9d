import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { serveStatic } from '../../sync-server/static-site';

type Record = (step: string, value: string) => void;

/**
 * The terminal's side, measured where it runs: the data layer bundled into a page, in Debian's
 * Chromium on its real IndexedDB (the same browser engine as the Electron window).
 */
export async function benchTerminal(record: Record, bookings = 50_000, patients = 10_000): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-bench-web-'));
  try {
    await build({
      entryPoints: [join(import.meta.dirname, 'browser', 'entry.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      minify: true,
      outfile: join(dir, 'bench.js'),
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'error',
    });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="bench.js"></script>');
    const web = await serveStatic(dir, '127.0.0.1', 0);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(web.url);
      const rows = await page.evaluate(
        (o) => (window as unknown as { clinicBench: (x: typeof o) => Promise<[string, string][]> }).clinicBench(o),
        { bookings, patients },
      );
      for (const [step, value] of rows) record(step, value);
    } finally {
      await browser.close();
      await web.app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
