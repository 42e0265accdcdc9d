import { BACKUP_FORMAT, BACKUP_VERSION, checkBackup, type BackupFile } from '../../shared/backup';
import { COLLECTION_NAMES } from '../../shared/collections';
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

/**
 * Restores a checked backup into the local database. Documents are upserted, so the restore is also
 * the next thing replication pushes; a newer version already on the server wins as a normal conflict
 * and the restored one is kept in the conflicts list.
 */
export async function restoreBackup(db: ClinicDatabase, backup: BackupFile): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of COLLECTION_NAMES) {
    const docs = (backup.collections[name] ?? []).map(({ _deleted: _ignored, ...entity }) => entity);
    if (docs.length > 0) await db[name].bulkUpsert(docs);
    counts[name] = docs.length;
  }
  return counts;
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

/** Saves a backup: a save dialog on the desktop, a download in a browser. */
export async function exportBackup(db: ClinicDatabase, organisationId: string, branchIds: string[]): Promise<string> {
  const backup = await collectBackup(db, organisationId, branchIds);
  const name = `clinic-desk-backup-${new Date(backup.exportedAt).toISOString().slice(0, 10)}.json`;
  const content = JSON.stringify(backup);
  const bridge = desktopBridge();
  if (!bridge) {
    download(name, content);
    return `Backup downloaded as ${name}.`;
  }
  const answer = await bridge.exportBackup({ suggestedName: name, content });
  if (!answer.ok) throw new Error(answer.message);
  return answer.value.saved ? `Backup saved to ${answer.value.path ?? name}.` : 'Backup not saved.';
}

/** Picks, checks and restores a backup; answers what was restored, or why it was refused. */
export async function importBackup(db: ClinicDatabase, organisationId: string | null): Promise<string> {
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
  const counts = await restoreBackup(db, check.backup);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `Restored ${total.toLocaleString()} records from the backup of ${new Date(check.backup.exportedAt).toLocaleString()}.`;
}
