import { ResetTerminalButton } from './reset-terminal-button';

/**
 * Shown instead of a blank window when the local database cannot open (disk full, damaged store):
 * the ways out are to fetch everything again from the server, or to restore a backup after that.
 */
export function StorageErrorScreen({ message, onReset }: { message: string; onReset: () => void }) {
  return (
    <div className="center">
      <div className="card" role="alert">
        <h1>This terminal’s data could not be opened</h1>
        <p>{message}</p>
        <p className="hint">
          Everything this terminal had synced is safe on your clinic’s server. Start again from the server (you will set
          up the terminal once more), then restore a backup from the data panel if changes were made while offline.
        </p>
        <ResetTerminalButton label="Start again from the server" onReset={onReset} />
      </div>
    </div>
  );
}
