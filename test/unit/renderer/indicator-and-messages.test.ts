import { describe, expect, it } from 'vitest';
import { createSyncStatusStore, downloadProgress } from '../../../renderer/db/sync-status';
import { fieldMessage } from '../../../renderer/ui/format';
import { syncState } from '../../../renderer/ui/sync-indicator';

describe('the first download', () => {
  it('is shown from the first answer with more behind it until the terminal has caught up', () => {
    const status = createSyncStatusStore();
    // A small collection that came whole is not a download.
    status.getState().pulled('treatments', 20, 0, 1_000);
    expect(status.getState().download).toBeNull();
    status.getState().pulled('bookings', 500, 1_500, 1_000);
    status.getState().pulled('patients', 300, 0, 1_500);
    status.getState().pulled('bookings', 500, 1_000, 3_000);
    const download = status.getState().download!;
    expect(download.collections).toEqual({
      bookings: { received: 1_000, remaining: 1_000 },
      patients: { received: 300, remaining: 0 },
    });
    // 1,300 in two seconds: the 1,000 left take about two more.
    expect(downloadProgress(download, 3_000)).toEqual({ received: 1_300, total: 2_300, secondsLeft: 2 });
    expect(syncState({ online: true, pending: 0, behind: true, downloaded: 1_300 / 2_300 })).toBe('downloading 56%');
    status.getState().setBehind(false);
    expect(status.getState().download).toBeNull();
    expect(syncState({ online: true, pending: 0, behind: false })).toBe('all saved');
    // Offline, nothing reaches the server: never "saved".
    expect(syncState({ online: false, pending: 0, behind: false })).toBe('nothing waiting');
    expect(syncState({ online: false, pending: 2, behind: true })).toBe('2 changes waiting');
  });
});

describe('a field problem', () => {
  it('names the field in the words on the screen and ends as a sentence', () => {
    expect(fieldMessage('Full name', 'must be at most 120 characters')).toBe(
      'Full name must be at most 120 characters.',
    );
    expect(fieldMessage('Email (optional)', 'must be an email address like name@example.com')).toBe(
      'Email must be an email address like name@example.com.',
    );
    expect(fieldMessage('Full name', 'Full name is required')).toBe('Full name is required.');
    expect(fieldMessage('Phone', 'Enter the phone number.')).toBe('Enter the phone number.');
    expect(fieldMessage('Phone', undefined)).toBeUndefined();
  });
});
