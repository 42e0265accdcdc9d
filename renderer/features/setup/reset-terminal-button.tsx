import { useState } from 'react';
import { resetLocalDatabase } from '../../db/runtime';
import { errorText } from '../../ui/format';

/** Wipes this terminal's local database, then hands over (to set it up again); says why if it cannot. */
export function ResetTerminalButton({
  label,
  onReset,
  primary = true,
}: {
  label: string;
  onReset: () => void;
  primary?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && <div className="error">{error}</div>}
      <div className="row">
        <button
          className={primary ? 'primary' : 'secondary'}
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            resetLocalDatabase().then(onReset, (e: unknown) => {
              console.error('Reset failed', e instanceof Error ? `${e.name} ${e.message}` : e);
              setError(errorText(e, 'Reset failed.'));
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
