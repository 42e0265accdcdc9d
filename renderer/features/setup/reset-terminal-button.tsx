import { useState } from 'react';
import { resetLocalDatabase } from '../../db/runtime';

/** Wipes this terminal's local database, then hands over (to set it up again); says why if it cannot. */
export function ResetTerminalButton({ label, onReset }: { label: string; onReset: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && <div className="error">{error}</div>}
      <div className="row">
        <button
          className="primary"
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            resetLocalDatabase().then(onReset, (e: unknown) => {
              setError(e instanceof Error ? e.message : 'Reset failed.');
              setBusy(false);
            });
          }}
        >
          {label}
        </button>
      </div>
    </>
  );
}
