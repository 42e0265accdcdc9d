import { useEffect, useState, type SyntheticEvent } from 'react';
import type { Tenant } from '../../../shared/schemas/tenant';
import { localDatabase, syncFetch } from '../../db/runtime';
import { signIn, type Session } from '../../db/session';
import { TextField } from '../../ui/text-field';
import { isStandalone, type TerminalProfile } from '../../db/terminal-profile';
import { DEMO_PASSWORD, DEMO_SIGN_IN, DEMO_TERMINAL_NAME } from '../../db/standalone';
import { SyncIndicator } from '../../ui/sync-indicator';
import { errorText } from '../../ui/format';

/**
 * Staff sign in on this terminal: online, the server checks the password; offline, this terminal's own
 * verifier from the person's last online sign-in here does.
 */
export function SignInScreen({
  profile,
  onSignedIn,
  locked,
  notice,
}: {
  profile: TerminalProfile;
  onSignedIn: (s: Session) => void;
  /** Set when the terminal locked itself (or was locked) with someone signed in. */
  locked?: { email: string; name: string; branchId: string };
  /** Why the last session ended, when the app ended it (account deactivated, password changed). */
  notice?: string;
}) {
  const [branches, setBranches] = useState<Tenant[]>([]);
  const [branchId, setBranchId] = useState(locked?.branchId ?? profile.device.branchIds[0] ?? '');
  const [email, setEmail] = useState(locked?.email ?? '');
  const [method, setMethod] = useState<'password' | 'pin'>('password');
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

  // Once the email is someone this terminal knows, the branch is one where they have a role.
  useEffect(() => {
    const address = email.trim().toLowerCase();
    if (!address.includes('@')) return;
    const run = { stale: false };
    void localDatabase().then(async (db) => {
      const user = await db.users.findOne({ selector: { email: address } }).exec();
      if (!user || run.stale) return;
      const roles = await db.memberships.find({ selector: { userId: user.id, isActive: true } }).exec();
      const theirs = roles.map((m) => m.tenantId).filter((id) => profile.device.branchIds.includes(id));
      const first = theirs[0];
      if (first === undefined) return;
      setBranchId((current) => (run.stale || theirs.includes(current) ? current : first));
    });
    return () => {
      run.stale = true;
    };
  }, [email, profile]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    void localDatabase()
      .then((db) => signIn(db, profile, { email, secret: password, branchId, method }, syncFetch))
      .then(onSignedIn, (e: unknown) => {
        setError(errorText(e, 'Sign-in failed.'));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <div className="center">
      <form className="card" onSubmit={submit}>
        <div className="row" style={{ justifyContent: 'space-between', marginBottom: 8 }}>
          <h1>{locked ? 'Locked' : 'Sign in'}</h1>
          <SyncIndicator standalone={isStandalone(profile)} />
        </div>
        <p className="hint">
          {profile.device.name} · ticket prefix {profile.device.prefix}
        </p>
        {locked && (
          <div className="notice" role="status">
            This terminal was locked while {locked.name} was signed in. Sign in again to carry on, or sign in as someone
            else.
          </div>
        )}
        {notice && (
          <div className="notice" role="status">
            {notice}
          </div>
        )}
        {profile.device.name === DEMO_TERMINAL_NAME && !locked && (
          <p className="hint">
            Demo clinic: sign in as <strong>{DEMO_SIGN_IN}</strong> (front desk) or <strong>owner@glow.example</strong>,
            password <strong>{DEMO_PASSWORD}</strong>.
          </p>
        )}
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
                setError(null);
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
            setError(null);
          }}
          required
        />
        <fieldset className="choice" aria-label="Sign in with">
          <label>
            <input
              type="radio"
              name="method"
              checked={method === 'password'}
              onChange={() => {
                setMethod('password');
              }}
            />
            Use password
          </label>
          <label>
            <input
              type="radio"
              name="method"
              checked={method === 'pin'}
              onChange={() => {
                setMethod('pin');
              }}
            />
            Use PIN
          </label>
        </fieldset>
        <TextField
          id="password"
          label={method === 'pin' ? 'PIN' : 'Password'}
          type="password"
          inputMode={method === 'pin' ? 'numeric' : undefined}
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setError(null);
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
