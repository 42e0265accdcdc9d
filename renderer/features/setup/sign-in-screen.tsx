import { useEffect, useState, type SyntheticEvent } from 'react';
import type { Tenant } from '../../../shared/schemas/tenant';
import { localDatabase } from '../../db/runtime';
import { signIn, type Session } from '../../db/session';
import { TextField } from '../../ui/text-field';
import type { TerminalProfile } from '../../db/terminal-profile';
import { SyncIndicator } from '../../ui/sync-indicator';

/** Staff sign in on this terminal: checked against the hashes synced to it, so it works offline. */
export function SignInScreen({ profile, onSignedIn }: { profile: TerminalProfile; onSignedIn: (s: Session) => void }) {
  const [branches, setBranches] = useState<Tenant[]>([]);
  const [branchId, setBranchId] = useState(profile.device.branchIds[0] ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stop = (): void => undefined;
    void localDatabase().then((db) => {
      const sub = db.tenants.find().$.subscribe((docs) => {
        setBranches(docs.map((d) => d.toJSON() as Tenant).filter((t) => profile.device.branchIds.includes(t.id)));
      });
      stop = () => {
        sub.unsubscribe();
      };
    });
    return () => {
      stop();
    };
  }, [profile]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    void localDatabase()
      .then((db) => signIn(db, email, password, branchId))
      .then(onSignedIn, (e: unknown) => {
        setError(e instanceof Error ? e.message : 'Sign-in failed.');
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <div className="center">
      <form className="card" onSubmit={submit}>
        <div className="row" style={{ justifyContent: 'space-between', marginBottom: 8 }}>
          <h1>Sign in</h1>
          <SyncIndicator />
        </div>
        <p className="hint">
          {profile.device.name} · ticket prefix {profile.device.prefix}
        </p>
        {branches.length === 0 && <div className="notice">Getting this clinic’s data from the server…</div>}
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {branches.length > 1 && (
          <div className="field">
            <label htmlFor="branch">Branch</label>
            <select
              id="branch"
              value={branchId}
              onChange={(e) => {
                setBranchId(e.target.value);
              }}
            >
              {branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          id="email"
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
          }}
          required
        />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
          }}
          required
        />
        <button className="primary" type="submit" disabled={busy || branches.length === 0}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
