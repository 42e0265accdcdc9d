import { useCallback, useEffect, useState } from 'react';
import type { ClinicDatabase } from './db/database';
import { useStore } from 'zustand';
import { localDatabase, startSync, syncStatus } from './db/runtime';
import { RemovedScreen } from './features/setup/removed-screen';
import { signOut, watchSession, type Session } from './db/session';
import { loadTerminalProfile, type TerminalProfile } from './db/terminal-profile';
import { SetupScreen } from './features/setup/setup-screen';
import { SignInScreen } from './features/setup/sign-in-screen';
import { StorageErrorScreen } from './features/setup/storage-error-screen';
import { openFailureOf, type StorageFault } from './db/storage-fault';
import { useWorkspace } from './features/workspace/desk';
import { Workspace } from './features/workspace/workspace';

type Phase =
  | { kind: 'loading' }
  | { kind: 'storage-error'; fault: StorageFault }
  | { kind: 'setup' }
  | { kind: 'sign-in'; db: ClinicDatabase; profile: TerminalProfile; locked?: Session; notice?: string }
  | { kind: 'home'; db: ClinicDatabase; profile: TerminalProfile; session: Session };

/** Opens this terminal's database, then: set up the terminal, sign in, work; lock and sign back in. */
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
        setPhase({ kind: 'storage-error', fault: openFailureOf(error) });
      });
  }, []);

  useEffect(boot, [boot]);
  const home = phase.kind === 'home' ? phase : null;
  useEffect(() => {
    if (!home) return;
    return watchSession(home.db, home.session, (notice) => {
      signOut(home.db);
      useWorkspace.setState({ screen: 'board', dialog: null, date: null });
      setPhase({ kind: 'sign-in', db: home.db, profile: home.profile, notice });
    });
  }, [home?.db, home?.session.userId, home?.session.credentialVersion, home?.profile]);
  const removed = useStore(syncStatus, (s) => s.removed);
  if (removed !== null && phase.kind !== 'setup' && phase.kind !== 'loading')
    return <RemovedScreen message={removed} onReset={boot} />;

  switch (phase.kind) {
    case 'loading':
      return (
        <div className="center" role="status">
          Opening this terminal’s data…
        </div>
      );
    case 'storage-error':
      return <StorageErrorScreen fault={phase.fault} />;
    case 'setup':
      return <SetupScreen onEnrolled={boot} />;
    case 'sign-in':
      return (
        <SignInScreen
          profile={phase.profile}
          {...(phase.locked
            ? { locked: { email: phase.locked.email, name: phase.locked.name, branchId: phase.locked.branchId } }
            : {})}
          {...(phase.notice ? { notice: phase.notice } : {})}
          onSignedIn={(session) => {
            // Someone else signing in at a locked terminal starts from a clean workspace.
            if (phase.locked?.userId !== session.userId)
              useWorkspace.setState({ screen: 'board', dialog: null, date: null });
            setPhase({ kind: 'home', db: phase.db, profile: phase.profile, session });
          }}
        />
      );
    case 'home':
      return (
        <Workspace
          key={phase.session.branchId}
          db={phase.db}
          profile={phase.profile}
          session={phase.session}
          onSignOut={() => {
            signOut(phase.db);
            useWorkspace.setState({ screen: 'board', dialog: null, date: null });
            setPhase({ kind: 'sign-in', db: phase.db, profile: phase.profile });
          }}
          onLock={() => {
            signOut(phase.db);
            useWorkspace.setState({ dialog: null });
            setPhase({ kind: 'sign-in', db: phase.db, profile: phase.profile, locked: phase.session });
          }}
          onSwitchBranch={(session) => {
            useWorkspace.setState({ dialog: null });
            setPhase({ ...phase, session });
          }}
        />
      );
  }
}
