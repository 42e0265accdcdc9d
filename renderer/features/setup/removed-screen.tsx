import { useState } from 'react';
import { resetLocalDatabase, syncStatus } from '../../db/runtime';

/**
 * Shown when the sync server says this terminal was removed: the server's own sentence (who removed
 * it from which clinic, and when), and the way to set it up again.
 */
export function RemovedScreen({ message, onReset }: { message: string; onReset: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="center">
      <div className="card" role="alert" aria-label="Terminal removed">
        <h1>This terminal can no longer sync</h1>
        <p>{message}</p>
        <p className="hint">
          Nobody can sign in here until it is set up again by an owner or admin. Changes made on this terminal that had
          not synced yet are not on the server.
        </p>
        {error && <div className="error">{error}</div>}
        <div className="row">
          <button
            className="primary"
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              resetLocalDatabase().then(
                () => {
                  syncStatus.setState({ removed: null, lastError: null });
                  onReset();
                },
                (e: unknown) => {
                  setError(e instanceof Error ? e.message : 'Reset failed.');
                  setBusy(false);
                },
              );
            }}
          >
            Set this terminal up again
          </button>
        </div>
      </div>
    </div>
  );
}
