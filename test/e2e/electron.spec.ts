import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../electron/electron-binary';

const binary = electronBinary();
const SKIP_REASON =
  'The Electron binary is not installed here (its download is blocked); these run where it is present.';
if (binary === null) console.log(`Skipped: desktop app (real Electron): ${SKIP_REASON}`);

test.describe('desktop app (real Electron)', () => {
  test.skip(
    binary === null,
    'The Electron binary is not installed here (its download is blocked); these run where it is present.',
  );

  test('opens one sandboxed window on the built renderer with the preload bridge', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(import.meta.dirname, '..', '..', 'dist', 'electron', 'main.cjs')],
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Set up this terminal' })).toBeVisible();
      expect(await window.evaluate(() => typeof (window as unknown as { clinic?: object }).clinic)).toBe('object');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      const version = await window.evaluate(() =>
        (window as unknown as { clinic: { appVersion(): Promise<unknown> } }).clinic.appVersion(),
      );
      expect(version).toMatchObject({ ok: true });
    } finally {
      await app.close();
    }
  });
});
