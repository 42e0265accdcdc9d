import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The main window's size and place, remembered between runs (a bad or missing file means defaults). */
export const windowStateSchema = z.strictObject({
  width: z.int().min(800).max(10_000),
  height: z.int().min(600).max(10_000),
  x: z.int().min(-20_000).max(20_000).optional(),
  y: z.int().min(-20_000).max(20_000).optional(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1366, height: 768, maximized: false };

export function loadWindowState(userData: string): WindowState {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export function saveWindowState(userData: string, state: WindowState): void {
  const parsed = windowStateSchema.safeParse(state);
  if (parsed.success) writeFileSync(join(userData, 'window-state.json'), JSON.stringify(parsed.data));
}
