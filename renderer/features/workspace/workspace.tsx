import { CalendarDays, Inbox as InboxIcon, Lock, LogOut, Settings, Users, UserRoundPlus } from 'lucide-react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { map } from 'rxjs';
import type { Staff } from '../../../shared/schemas/staff';
import type { Tenant } from '../../../shared/schemas/tenant';
import type { Treatment } from '../../../shared/schemas/treatment';
import type { ClinicDatabase } from '../../db/database';
import { syncStatus } from '../../db/runtime';
import { downloading } from '../../db/sync-status';
import { doc$, inbox$, type Inbox } from '../../db/queries';
import { switchBranch, type Session } from '../../db/session';
import type { TerminalProfile } from '../../db/terminal-profile';
import { errorText, ROLE_LABEL } from '../../ui/format';
import { DownloadProgress } from '../../ui/download-progress';
import { SyncIndicator } from '../../ui/sync-indicator';
import { useObservable } from '../../ui/use-observable';
import { DayBoard } from '../board/day-board';
import { BookingDialog } from '../booking/booking-dialog';
import { NewBookingDialog } from '../booking/new-booking-dialog';
import { CheckoutDialog } from '../checkout/checkout-dialog';
import { InboxScreen } from '../inbox/inbox-panel';
import { PatientDialog } from '../patients/patient-dialog';
import { PatientsScreen } from '../patients/patients-screen';
import { DataPanel } from '../settings/data-panel';
import { WalkInScreen } from '../walk-in/walk-in-screen';
import { DeskContext, useWorkspace, type Desk, type Screen } from './desk';
import { useIdleLock } from './idle-lock';
import { useShortcuts } from '../../ui/shortcuts';

const EMPTY_INBOX: Inbox = { bookingClashes: [], phoneClashes: [], conflicts: [], count: 0 };

/**
 * The signed-in workspace: one top bar (branch, screens, Needs-attention badge, sync state, who is
 * signed in) over the day board, walk-in queue, patients, inbox and settings.
 */
export function Workspace({
  db,
  profile,
  session,
  onSignOut,
  onLock,
  onSwitchBranch,
}: {
  db: ClinicDatabase;
  profile: TerminalProfile;
  session: Session;
  onSignOut: () => void;
  onLock: () => void;
  /** Called with the session in the other branch once the switch has been checked. */
  onSwitchBranch: (session: Session) => void;
}) {
  const branchId = session.branchId;
  const branch = useObservable<Tenant | null>(() => doc$<Tenant>(db.tenants, branchId), [db, branchId], null);
  const branches = useObservable<Tenant[]>(
    () =>
      db.tenants
        .find({ selector: { id: { $in: session.branchIds } } })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Tenant))),
    [db, session.branchIds.join()],
    [],
  );
  const staff = useObservable<Staff[]>(
    () =>
      db.staff
        .find({ selector: { tenantId: branchId }, sort: [{ name: 'asc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Staff))),
    [db, branchId],
    [],
  );
  const treatments = useObservable<Treatment[]>(
    () =>
      db.treatments
        .find({ selector: { tenantId: branchId }, sort: [{ category: 'asc' }, { name: 'asc' }] })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Treatment))),
    [db, branchId],
    [],
  );
  const inbox = useObservable(() => inbox$(db, branchId), [db, branchId], EMPTY_INBOX);
  const { screen, go, dialog } = useWorkspace();
  const [switchError, setSwitchError] = useState<string | null>(null);
  useIdleLock(onLock);
  const order: Screen[] = ['board', 'walk-ins', 'patients', 'inbox', 'settings'];
  useShortcuts(
    Object.fromEntries(
      order.map((id, i) => [
        `Alt+${i + 1}`,
        () => {
          go(id);
        },
      ]),
    ),
  );

  useEffect(() => {
    if (!branch) return;
    const root = document.documentElement.style;
    root.setProperty('--primary', branch.config.theme.primaryColor);
    root.setProperty('--secondary', branch.config.theme.secondaryColor);
  }, [branch]);

  const desk = useMemo<Desk | null>(() => {
    if (!branch) return null;
    const staffById = new Map(staff.map((s) => [s.id, s.name]));
    const treatmentById = new Map(treatments.map((t) => [t.id, t.name]));
    return {
      db,
      profile,
      session,
      branch,
      zone: branch.timeZone,
      staff,
      treatments,
      ctx: {
        userId: session.userId,
        role: session.role,
        staffIds: session.staffIds,
        terminalPrefix: profile.device.prefix,
        downloading: () => downloading(syncStatus.getState()),
        branch,
        now: () => Date.now(),
      },
      staffName: (id) => staffById.get(id) ?? 'Unknown staff',
      treatmentName: (id) => treatmentById.get(id) ?? 'Unknown treatment',
    };
  }, [db, profile, session, branch, staff, treatments]);

  if (!desk) {
    return (
      <div className="center" role="status">
        Loading the branch…
      </div>
    );
  }

  const switchable = branches.filter((b) => profile.device.branchIds.includes(b.id));
  const tabs: { id: Screen; label: string; icon: ReactNode; badge?: number }[] = [
    { id: 'board', label: 'Day board', icon: <CalendarDays size={16} aria-hidden="true" /> },
    { id: 'walk-ins', label: 'Walk-ins', icon: <UserRoundPlus size={16} aria-hidden="true" /> },
    { id: 'patients', label: 'Patients', icon: <Users size={16} aria-hidden="true" /> },
    { id: 'inbox', label: 'Needs attention', icon: <InboxIcon size={16} aria-hidden="true" />, badge: inbox.count },
    { id: 'settings', label: 'Data', icon: <Settings size={16} aria-hidden="true" /> },
  ];

  return (
    <DeskContext.Provider value={desk}>
      <header className="topbar">
        <span className="brand">Clinic Desk</span>
        {switchable.length > 1 ? (
          <label className="branch-switch">
            <span className="sr-only">Branch</span>
            <select
              aria-label="Branch"
              value={branchId}
              onChange={(e) => {
                setSwitchError(null);
                try {
                  onSwitchBranch(switchBranch(session, e.target.value));
                } catch (error) {
                  setSwitchError(errorText(error));
                }
              }}
            >
              {switchable.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="branch-name">{branch?.name}</span>
        )}
        {switchError && (
          <span className="field-error" role="alert">
            {switchError}
          </span>
        )}
        <nav className="tabs" aria-label="Screens">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              className={`tab ${screen === t.id ? 'active' : ''}`}
              aria-current={screen === t.id ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${tabs.indexOf(t) + 1}`}
              title={`${t.label} (Alt+${tabs.indexOf(t) + 1})`}
              onClick={() => {
                go(t.id);
              }}
            >
              {t.icon}
              {t.label}
              {t.badge !== undefined && t.badge > 0 && (
                <span
                  className="badge"
                  aria-label={t.badge === 1 ? '1 item needs attention' : `${t.badge} items need attention`}
                >
                  {t.badge}
                </span>
              )}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <SyncIndicator standalone={'mode' in profile} />
        <span className="who" title={`Signed in as ${session.name} (${ROLE_LABEL[session.role]})`}>
          {session.name}
          <small>{ROLE_LABEL[session.role]}</small>
        </span>
        <button className="icon-button" type="button" onClick={onLock} aria-label="Lock the terminal" title="Lock">
          <Lock size={18} aria-hidden="true" />
        </button>
        <button className="icon-button" type="button" onClick={onSignOut} aria-label="Sign out" title="Sign out">
          <LogOut size={18} aria-hidden="true" />
        </button>
      </header>
      <DownloadProgress />
      <div className="screen">
        {screen === 'board' && <DayBoard />}
        {screen === 'walk-ins' && <WalkInScreen />}
        {screen === 'patients' && <PatientsScreen />}
        {screen === 'inbox' && <InboxScreen inbox={inbox} />}
        {screen === 'settings' && <DataPanel />}
      </div>
      {dialog?.kind === 'new-booking' && <NewBookingDialog request={dialog} />}
      {dialog?.kind === 'booking' && <BookingDialog id={dialog.id} />}
      {dialog?.kind === 'checkout' && <CheckoutDialog id={dialog.id} />}
      {dialog?.kind === 'patient' && <PatientDialog id={dialog.id} />}
    </DeskContext.Provider>
  );
}
