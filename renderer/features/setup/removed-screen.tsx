import { syncStatus } from '../../db/runtime';
import { ResetTerminalButton } from './reset-terminal-button';

/**
 * Shown when the sync server says this terminal was removed: the server's own sentence (who removed
 * it from which clinic, and when), and the way to set it up again.
 */
export function RemovedScreen({ message, onReset }: { message: string; onReset: () => void }) {
  return (
    <div className="center">
      <div className="card" role="alert" aria-label="Terminal removed">
        <h1>This terminal can no longer sync</h1>
        <p>{message}</p>
        <p className="hint">
          Nobody can sign in here until it is set up again by an owner or admin. Changes made on this terminal that had
          not synced yet are not on the server.
        </p>
        <ResetTerminalButton
          label="Set this terminal up again"
          onReset={() => {
            syncStatus.setState({ removed: null, lastError: null });
            onReset();
          }}
        />
      </div>
    </div>
  );
}
