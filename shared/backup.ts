import { z } from 'zod';
import { COLLECTION_NAMES, COLLECTIONS, type CollectionName } from './collections';
import { idSchema } from './schemas/common';
import { fieldProblems } from './validation';

/**
 * A terminal's backup: every local document of its branches, as JSON, with a format version. Import
 * refuses a file from another organisation or from a newer version of the app with a clear sentence,
 * and validates every document with its schema before anything is written.
 */
export const BACKUP_FORMAT = 'clinic-desk-backup';
export const BACKUP_VERSION = 1;

const backupDocSchema = z.looseObject({ id: idSchema, tenantId: idSchema, _deleted: z.boolean().optional() });

export const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT, 'is not a Clinic Desk backup'),
  version: z.int('must be a whole number').min(1, 'must be at least 1'),
  exportedAt: z.int(),
  organisationId: idSchema,
  branchIds: z.array(idSchema).min(1, 'must name at least one branch'),
  collections: z.record(z.string(), z.array(backupDocSchema)),
});
export type BackupFile = z.infer<typeof backupFileSchema>;

export type BackupCheck =
  { ok: true; backup: BackupFile; counts: Record<string, number> } | { ok: false; message: string };

/** Parses and validates a backup file's text for this organisation. */
export function checkBackup(text: string, organisationId: string | null): BackupCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not a Clinic Desk backup (it is not JSON).' };
  }
  const head = z.looseObject({ format: z.string(), version: z.number() }).safeParse(json);
  if (!head.success || head.data.format !== BACKUP_FORMAT)
    return { ok: false, message: 'This file is not a Clinic Desk backup.' };
  if (head.data.version > BACKUP_VERSION) {
    return {
      ok: false,
      message: `This backup was made by a newer version of Clinic Desk (format ${head.data.version}); update this app first.`,
    };
  }
  const parsed = backupFileSchema.safeParse(json);
  if (!parsed.success) {
    const p = fieldProblems(parsed.error)[0];
    return { ok: false, message: `This backup is damaged: ${p ? `${p.field}: ${p.message}` : 'unreadable'}.` };
  }
  const backup = parsed.data;
  if (organisationId !== null && backup.organisationId !== organisationId) {
    return { ok: false, message: 'This backup belongs to another organisation; it cannot be restored here.' };
  }
  const counts: Record<string, number> = {};
  for (const [name, docs] of Object.entries(backup.collections)) {
    if (!(COLLECTION_NAMES as string[]).includes(name))
      return { ok: false, message: `This backup has an unknown collection "${name}".` };
    const schema = COLLECTIONS[name as CollectionName].schema;
    for (const doc of docs) {
      const { _deleted: _ignored, ...entity } = doc;
      const r = schema.safeParse(entity);
      if (!r.success) {
        const p = fieldProblems(r.error)[0];
        return {
          ok: false,
          message: `This backup is damaged: ${name} ${doc.id}: ${p ? `${p.field}: ${p.message}` : 'invalid'}.`,
        };
      }
    }
    counts[name] = docs.length;
  }
  return { ok: true, backup, counts };
}
