import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** The terminal as a receptionist sees it: set up once, sign in, work. */
export class TerminalPage {
  constructor(readonly page: Page) {}

  /** Starts the context's clock at the clinic's "now"; from then on it runs like a real clock. */
  static async atClinicTime(context: BrowserContext, now: number): Promise<void> {
    await context.clock.install({ time: now });
    await context.clock.resume();
  }

  /**
   * A terminal of its own, set up and signed in as the Jakarta front desk: a separate browser context,
   * so its own IndexedDB, clock and network.
   */
  static async openDesk(
    browser: Browser,
    stack: { appUrl: string; syncUrl: string; now: number },
    password: string,
    name: string,
  ): Promise<{ context: BrowserContext; terminal: TerminalPage }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await TerminalPage.atClinicTime(context, stack.now);
    const terminal = new TerminalPage(await context.newPage());
    await terminal.page.goto(stack.appUrl);
    await terminal.signedInAsDesk(stack.syncUrl, password, name);
    return { context, terminal };
  }

  async setUp(syncUrl: string, email: string, password: string, branches: string[], terminalName: string) {
    await expect(this.page.getByRole('heading', { name: 'Welcome to Clinic Desk' })).toBeVisible();
    await this.page.getByRole('button', { name: /Connect to my clinic’s sync server/ }).click();
    await this.page.getByLabel('Sync server address').fill(syncUrl);
    await this.page.getByLabel('Owner or admin email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Connect' }).click();
    for (const branch of branches) await this.page.getByRole('checkbox', { name: branch }).check();
    await this.page.getByLabel('Terminal name').fill(terminalName);
    await this.page.getByRole('button', { name: 'Set up terminal' }).click();
  }

  /** Starts a new standalone clinic, Lotus Skin, with Mei Tan as its owner (mei@lotus.example). */
  async newClinic(timeZone: string, password: string): Promise<void> {
    await this.page.getByRole('button', { name: /Start a new clinic on this terminal/ }).click();
    await this.page.getByLabel('Clinic name').fill('Lotus Skin');
    await this.page.getByLabel('Branch name').fill('Lotus Skin Menteng');
    await this.page.getByLabel('Time zone').fill(timeZone);
    await this.page.getByLabel('Your name').fill('Mei Tan');
    await this.page.getByLabel('Your email (to sign in)').fill('mei@lotus.example');
    await this.page.getByLabel('Password (8 characters or more)').fill(password);
    await this.page.getByRole('button', { name: 'Create clinic' }).click();
  }

  async signIn(email: string, password: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: /^(Sign in|Locked)$/ })).toBeVisible();
    await expect(this.page.getByRole('button', { name: 'Sign in' })).toBeEnabled({ timeout: 30_000 });
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByRole('textbox', { name: 'Password' }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async signedInAsDesk(syncUrl: string, password: string, terminalName: string): Promise<void> {
    await this.setUp(syncUrl, 'owner@glow.example', password, ['Glow Clinic Jakarta'], terminalName);
    await this.signIn('desk.jakarta@glow.example', password);
    await expect(this.page.getByRole('button', { name: 'New booking' })).toBeVisible({ timeout: 30_000 });
  }

  screen(name: 'Day board' | 'Walk-ins' | 'Patients' | 'Needs attention' | 'Data'): Promise<void> {
    return this.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** Picks a patient in the booking dialog by searching their name. */
  async choosePatient(name: string): Promise<void> {
    await this.dialog().getByRole('searchbox', { name: 'Patient' }).fill(name);
    await this.dialog()
      .getByRole('list', { name: 'Matching patients' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .first()
      .click();
  }

  async bookAtCell(staff: string, clock: string, patient: string, treatmentId: string): Promise<void> {
    await this.page.getByRole('button', { name: `Book ${staff} at ${clock}`, exact: true }).click();
    await this.choosePatient(patient);
    await this.dialog().getByLabel('Treatment', { exact: true }).selectOption(treatmentId);
    await this.dialog().getByRole('button', { name: 'Confirm booking' }).click();
  }

  screenshot(name: string): Promise<Buffer> {
    return this.page.screenshot({ path: `test-results/screens/${name}.png` });
  }
}
