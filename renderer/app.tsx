import { useCallback, useEffect, useState } from 'react';
import type { ClinicDatabase } from './db/database';
import { localDatabase, startSync } from './db/runtime';
import type { Session } from './db/session';
import { loadTerminalProfile, type TerminalProfile } from './db/terminal-profile';
import { TodayScreen } from './features/front-desk/today-screen';
import { SetupScreen } from './features/setup/setup-screen';
import { SignInScreen } from './features/setup/sign-in-screen';
import { StorageErrorScreen } from './features/setup/storage-error-screen';

type Phase =
  | { kind: 'loading' }
  | { kind: 'storage-error'; message: string }
  | { kind: 'setup' }
  | { kind: 'sign-in'; db: ClinicDatabase; profile: TerminalProfile }
  | { kind: 'home'; db: ClinicDatabase; profile: TerminalProfile; session: Session };

/** Opens this terminal's database, then: set up the terminal, sign in, work. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const boot = useCallback(() => {
    setPhase({ kind: 'loading' });
    localDatabase()
      .then(async (db) => {
        const profile = await loadTerminalProfile(db);
        if (!profile) {
          setPhase({ kind: 'setup' });
          return;
        }
        await startSync(profile);
        setPhase({ kind: 'sign-in', db, profile });
      })
      .catch((error: unknown) => {
        setPhase({ kind: 'storage-error', message: error instanceof Error ? error.message : String(error) });
      });
  }, []);

  useEffect(boot, [boot]);

  switch (phase.kind) {
    case 'loading':
      return (
        <div className="center" role="status">
          Opening this terminal’s data…
        </div>
      );
    case 'storage-error':
      return <StorageErrorScreen message={phase.message} onReset={boot} />;
    case 'setup':
      return <SetupScreen onEnrolled={boot} />;
    case 'sign-in':
      return (
        <SignInScreen
          profile={phase.profile}
          onSignedIn={(session) => {
            setPhase({ ...phase, kind: 'home', session });
          }}
        />
      );
    case 'home':
      return (
        <TodayScreen
          db={phase.db}
          profile={phase.profile}
          session={phase.session}
          onSignOut={() => {
            setPhase({ kind: 'sign-in', db: phase.db, profile: phase.profile });
          }}
        />
      );
  }
}
