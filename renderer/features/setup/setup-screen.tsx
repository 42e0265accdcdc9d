import { Building2, FlaskConical, Server } from 'lucide-react';
import { useState, type SyntheticEvent } from 'react';
import type { BranchesResponse } from '../../../shared/sync/protocol';
import { postJson } from '../../db/http';
import { localDatabase } from '../../db/runtime';
import { TextField } from '../../ui/text-field';
import { enrolTerminal, type TerminalProfile } from '../../db/terminal-profile';
import { loadDemoClinic } from '../../db/standalone';
import { NewClinicForm } from './new-clinic-form';
import { errorText } from '../../ui/format';

/** Connect this terminal to the clinic's sync server, once, as an owner or admin. */
function ConnectForm({ onEnrolled, onBack }: { onEnrolled: (profile: TerminalProfile) => void; onBack: () => void }) {
  const [serverUrl, setServerUrl] = useState('http://127.0.0.1:4100');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [terminalName, setTerminalName] = useState('Front desk');
  const [branches, setBranches] = useState<BranchesResponse['branches'] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e, 'Something went wrong.'));
    } finally {
      setBusy(false);
    }
  };

  const findBranches = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      const answer = await postJson<BranchesResponse>(
        (i, init) => fetch(i, init),
        `${serverUrl.replace(/\/+$/, '')}/auth/branches`,
        { email, password },
      );
      if (answer.branches.length === 0)
        throw new Error('You are not an owner or admin of any branch, so you cannot set up a terminal.');
      setBranches(answer.branches);
      setChosen(answer.branches.length === 1 && answer.branches[0] ? [answer.branches[0].id] : []);
    });
  };

  const enrol = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      if (chosen.length === 0) throw new Error('Choose at least one branch for this terminal.');
      const profile = await enrolTerminal(await localDatabase(), {
        serverUrl,
        email,
        password,
        branchIds: chosen,
        terminalName,
      });
      onEnrolled(profile);
    });
  };

  return (
    <div className="center">
      <div className="card">
        <h1>Set up this terminal</h1>
        <p className="hint">
          Connect once to your clinic’s sync server. After that this terminal works with or without the network.
        </p>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        {branches === null ? (
          <form onSubmit={findBranches}>
            <TextField
              id="server"
              label="Sync server address"
              value={serverUrl}
              onChange={(e) => {
                setServerUrl(e.target.value);
              }}
              required
            />
            <TextField
              id="email"
              label="Owner or admin email"
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
            <div className="row">
              <button className="primary" type="submit" disabled={busy}>
                {busy ? 'Connecting…' : 'Connect'}
              </button>
              <button className="secondary" type="button" onClick={onBack}>
                Back
              </button>
            </div>
          </form>
        ) : (
          <form onSubmit={enrol}>
            <fieldset className="field" style={{ border: 0, padding: 0 }}>
              <legend style={{ fontWeight: 600, marginBottom: 6 }}>Branches this terminal serves</legend>
              {branches.map((b) => (
                <label key={b.id} className="row" style={{ fontWeight: 400 }}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(b.id)}
                    onChange={(e) => {
                      setChosen(e.target.checked ? [...chosen, b.id] : chosen.filter((x) => x !== b.id));
                    }}
                  />
                  {b.name}
                </label>
              ))}
            </fieldset>
            <TextField
              id="terminal-name"
              label="Terminal name"
              value={terminalName}
              onChange={(e) => {
                setTerminalName(e.target.value);
              }}
              required
              maxLength={60}
            />
            <div className="row">
              <button className="primary" type="submit" disabled={busy}>
                {busy ? 'Setting up…' : 'Set up terminal'}
              </button>
              <button
                className="secondary"
                type="button"
                onClick={() => {
                  setBranches(null);
                }}
              >
                Back
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

/** First run: connect to the clinic's sync server, start a clinic on this terminal alone, or try the demo. */
export function SetupScreen({ onEnrolled }: { onEnrolled: (profile: TerminalProfile) => void }) {
  const [mode, setMode] = useState<'choose' | 'connect' | 'new'>('choose');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (mode === 'connect')
    return (
      <ConnectForm
        onEnrolled={onEnrolled}
        onBack={() => {
          setMode('choose');
        }}
      />
    );
  if (mode === 'new')
    return (
      <NewClinicForm
        onStarted={onEnrolled}
        onBack={() => {
          setMode('choose');
        }}
      />
    );
  const demo = () => {
    setBusy(true);
    setError(null);
    localDatabase()
      .then((db) => loadDemoClinic(db))
      .then(onEnrolled, (e: unknown) => {
        setError(errorText(e, 'The demo clinic could not be loaded.'));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <div className="center">
      <div className="card">
        <h1>Welcome to Clinic Desk</h1>
        <p className="hint">How will this terminal be used?</p>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <div className="choices">
          <button
            type="button"
            className="choice-card"
            onClick={() => {
              setMode('connect');
            }}
          >
            <Server size={22} aria-hidden="true" />
            <strong>Connect to my clinic’s sync server</strong>
            <span>Share bookings live with the other terminals and branches.</span>
          </button>
          <button
            type="button"
            className="choice-card"
            onClick={() => {
              setMode('new');
            }}
          >
            <Building2 size={22} aria-hidden="true" />
            <strong>Start a new clinic on this terminal</strong>
            <span>Everything stays on this computer; no server needed.</span>
          </button>
          <button type="button" className="choice-card" onClick={demo} disabled={busy}>
            <FlaskConical size={22} aria-hidden="true" />
            <strong>{busy ? 'Loading the demo clinic…' : 'Try the demo clinic'}</strong>
            <span>Two branches with staff, patients and bookings, on this terminal only.</span>
          </button>
        </div>
      </div>
    </div>
  );
}
