import { z } from 'zod';
import { deviceSchema, type EnrolResponse } from '../../shared/sync/protocol';
import type { ClinicDatabase } from './database';
import { postJson, type FetchLike } from './http';

/** This terminal's enrolment, kept in a local (never replicated) document of its database. */
export const connectedProfileSchema = z.strictObject({
  serverUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }),
  token: z.string().min(1),
  expiresAt: z.int(),
  device: deviceSchema,
});
/** A terminal that keeps its clinic only in its own database (no sync server). */
export const standaloneProfileSchema = z.strictObject({
  mode: z.literal('standalone'),
  device: deviceSchema,
});
export const terminalProfileSchema = z.union([connectedProfileSchema, standaloneProfileSchema]);
export type ConnectedProfile = z.infer<typeof connectedProfileSchema>;
export type TerminalProfile = z.infer<typeof terminalProfileSchema>;

export function isStandalone(profile: TerminalProfile): profile is z.infer<typeof standaloneProfileSchema> {
  return 'mode' in profile;
}

const KEY = 'terminal-profile';

export async function loadTerminalProfile(db: ClinicDatabase): Promise<TerminalProfile | null> {
  const doc = await db.getLocal<TerminalProfile>(KEY);
  if (!doc) return null;
  const parsed = terminalProfileSchema.safeParse(doc.toJSON().data);
  return parsed.success ? parsed.data : null;
}

export async function saveTerminalProfile(db: ClinicDatabase, profile: TerminalProfile): Promise<void> {
  await db.upsertLocal<TerminalProfile>(KEY, terminalProfileSchema.parse(profile));
}

/** Enrols this terminal with the sync server (needs the network once) and remembers it. */
export async function enrolTerminal(
  db: ClinicDatabase,
  request: { serverUrl: string; email: string; password: string; branchIds: string[]; terminalName: string },
  fetchFn: FetchLike = (input, init) => fetch(input, init),
): Promise<ConnectedProfile> {
  const serverUrl = request.serverUrl.replace(/\/+$/, '');
  const answer = await postJson<EnrolResponse>(fetchFn, `${serverUrl}/auth/enrol`, {
    email: request.email,
    password: request.password,
    branchIds: request.branchIds,
    terminalName: request.terminalName,
  });
  const profile: ConnectedProfile = {
    serverUrl,
    token: answer.token,
    expiresAt: answer.expiresAt,
    device: answer.device,
  };
  await saveTerminalProfile(db, profile);
  return profile;
}
