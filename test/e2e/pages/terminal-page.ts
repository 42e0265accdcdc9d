import { expect, type Page } from '@playwright/test';

/** The terminal as a receptionist sees it: set up once, sign in, work. */
export class TerminalPage {
  constructor(readonly page: Page) {}

  async setUp(syncUrl: string, email: string, password: string, branch: string, terminalName: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Set up this terminal' })).toBeVisible();
    await this.page.getByLabel('Sync server address').fill(syncUrl);
    await this.page.getByLabel('Owner or admin email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Connect' }).click();
    await this.page.getByRole('checkbox', { name: branch }).check();
    await this.page.getByLabel('Terminal name').fill(terminalName);
    await this.page.getByRole('button', { name: 'Set up terminal' }).click();
  }

  async signIn(email: string, password: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(this.page.getByRole('button', { name: 'Sign in' })).toBeEnabled({ timeout: 30_000 });
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  screenshot(name: string): Promise<Buffer> {
    return this.page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
  }
}
