import { BACKUP_FORMAT, BACKUP_VERSION, checkBackup, type BackupFile } from '../../shared/backup';
import { COLLECTION_NAMES } from '../../shared/collections';
import { newId } from '../../shared/ids';
import { canonicalJson } from '../../shared/sync/merge';
import type { ClinicDatabase } from '../db/database';
import { desktopBridge } from './bridge';

/** Every document of this terminal's database (its branches only, by construction), with soft deletes. */
export async function collectBackup(
  db: ClinicDatabase,
  organisationId: string,
  branchIds: string[],
  now = Date.now(),
): Promise<BackupFile> {
  const collections: BackupFile['collections'] = {};
  for (const name of COLLECTION_NAMES) {
    const docs = await db[name].find({ sort: [{ id: 'asc' }] }).exec();
    collections[name] = docs.map(
      (d) =>
        ({ ...(d.toJSON() as Record<string, unknown>), _deleted: false }) as BackupFile['collections'][string][number],
    );
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now, organisationId, branchIds, collections };
}

export interface RestoreResult {
  /** Records the terminal did not have, restored as they were. */
  restored: number;
  /** Records the terminal already holds as in the backup. */
  same: number;
  /** Records the terminal holds in another version: the backup's is kept in Needs attention, not written. */
  keptAside: number;
}

const RXDB_FIELDS = new Set(['_meta', '_rev', '_attachments', '_deleted']);
/** A stored document without RxDB's own fields: the record as its schema describes it. */
export const plainOf = (doc: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(doc).filter(([k, v]) => !RXDB_FIELDS.has(k) && v !== undefined));

/**
 * Restores a checked backup without ever replacing what the terminal holds: a record it does not have
 * at all is restored; a record it holds in another version (newer from the server, or deleted since)
 * is left as it is and the backup's version is kept in Needs attention for someone to review. On a
 * connected terminal that is in sync, "does not have" is what the server lacks too, so a restore never
 * pushes an older version over newer data.
 */
export async function restoreBackup(
  db: ClinicDatabase,
  backup: BackupFile,
  now: () => number = Date.now,
  /** Who restores: records added back are written (and signed) by them, whoever wrote them first. */
  restoredBy?: string,
): Promise<RestoreResult> {
  const result: RestoreResult = { restored: 0, same: 0, keptAside: 0 };
  const when = new Date(backup.exportedAt).toLocaleString();
  for (const name of COLLECTION_NAMES) {
    const docs = (backup.collections[name] ?? []).map(({ _deleted: _ignored, ...entity }) => entity);
    if (docs.length === 0) continue;
    // Deleted records count as held: a restore never brings back what was deleted since.
    const held = new Map(
      (
        await db[name].storageInstance.findDocumentsById(
          docs.map((d) => d.id),
          true,
        )
      ).map((d) => [d.id, d as unknown as Record<string, unknown>]),
    );
    const missing = docs
      .filter((d) => !held.has(d.id))
      .map((d) => (restoredBy === undefined ? d : { ...d, updatedBy: restoredBy }));
    if (missing.length > 0) await db[name].bulkInsert(missing as never[]);
    result.restored += missing.length;
    for (const doc of docs) {
      const current = held.get(doc.id);
      if (!current) continue;
      if (current._deleted !== true && canonicalJson(plainOf(current)) === canonicalJson(plainOf(doc))) {
        result.same++;
        continue;
      }
      if (name === 'conflicts') continue;
      const at = now();
      // Organisation-wide records are listed with the first branch this terminal holds.
      const branch = (await db.tenants.findOne(doc.tenantId).exec()) ?? (await db.tenants.findOne().exec());
      await db.conflicts.insert({
        id: newId(at),
        tenantId: branch?.id ?? doc.tenantId,
        createdAt: at,
        updatedAt: at,
        updatedBy: String(doc.updatedBy),
        kind: 'merge',
        entity: name,
        documentId: doc.id,
        fields: [],
        losing: JSON.stringify(doc),
        kept: JSON.stringify(plainOf(current)),
        reason:
          current._deleted === true
            ? `Not restored from the backup of ${when}: the record was deleted since. The backup's version is kept here.`
            : `Not restored from the backup of ${when}: this terminal holds another version, which stays. The backup's version is kept here.`,
        status: 'open',
      });
      result.keptAside++;
    }
  }
  return result;
}

function download(name: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

function pickFile(): Promise<string | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'application/json,.json';
    input.onchange = () => {
      const file = input.files?.[0];
      if (!file) resolve(null);
      else void file.text().then(resolve);
    };
    input.click();
  });
}

/**
 * Writes a backup file: a save dialog on the desktop, a download in a browser. Answers where it went,
 * or null when the person closed the save dialog.
 */
export async function saveBackupFile(backup: BackupFile, kind: 'backup' | 'rescue'): Promise<string | null> {
  const name = `clinic-desk-${kind}-${new Date(backup.exportedAt).toISOString().slice(0, 10)}.json`;
  const content = JSON.stringify(backup);
  const bridge = desktopBridge();
  if (!bridge) {
    download(name, content);
    return name;
  }
  const answer = await bridge.exportBackup({ suggestedName: name, content });
  if (!answer.ok) throw new Error(answer.message);
  return answer.value.saved ? (answer.value.path ?? name) : null;
}

/** Saves a backup of everything this terminal holds. */
export async function exportBackup(db: ClinicDatabase, organisationId: string, branchIds: string[]): Promise<string> {
  const where = await saveBackupFile(await collectBackup(db, organisationId, branchIds), 'backup');
  if (where === null) return 'Backup not saved.';
  return desktopBridge() ? `Backup saved to ${where}.` : `Backup downloaded as ${where}.`;
}

/** Picks, checks and restores a backup; answers what was restored, or why it was refused. */
export async function importBackup(
  db: ClinicDatabase,
  organisationId: string | null,
  restoredBy: string,
): Promise<string> {
  const bridge = desktopBridge();
  let content: string | null;
  if (bridge) {
    const answer = await bridge.importBackup();
    if (!answer.ok) throw new Error(answer.message);
    content = answer.value.content;
  } else {
    content = await pickFile();
  }
  if (content === null) return 'No backup chosen.';
  const check = checkBackup(content, organisationId);
  if (!check.ok) throw new Error(check.message);
  const r = await restoreBackup(db, check.backup, Date.now, restoredBy);
  const aside =
    r.keptAside > 0
      ? ` ${r.keptAside.toLocaleString()} records differ from what this terminal holds: those stay as they are, and the backup's versions are in Needs attention.`
      : '';
  return `Restored ${r.restored.toLocaleString()} records from the backup of ${new Date(check.backup.exportedAt).toLocaleString()}; ${r.same.toLocaleString()} were already here.${aside}`;
}
