import { createContext, useContext } from 'react';
import { create } from 'zustand';
import type { Staff } from '../../../shared/schemas/staff';
import type { Tenant } from '../../../shared/schemas/tenant';
import type { Treatment } from '../../../shared/schemas/treatment';
import type { WriteContext } from '../../db/actor';
import type { ClinicDatabase } from '../../db/database';
import type { Session } from '../../db/session';
import type { TerminalProfile } from '../../db/terminal-profile';

/** Everything a screen of the signed-in workspace needs: who, where, and the branch's catalogue. */
export interface Desk {
  db: ClinicDatabase;
  profile: TerminalProfile;
  session: Session;
  branch: Tenant;
  zone: string;
  ctx: WriteContext;
  staff: Staff[];
  treatments: Treatment[];
  staffName: (id: string) => string;
  treatmentName: (id: string) => string;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside the workspace');
  return desk;
}

export type Screen = 'board' | 'walk-ins' | 'patients' | 'inbox' | 'settings';

/** The one dialog open over the workspace, if any. */
export type OpenDialog =
  | { kind: 'new-booking'; staffId?: string; startAt?: number; date?: string; patientId?: string }
  | { kind: 'booking'; id: string }
  | { kind: 'checkout'; id: string }
  | { kind: 'patient'; id: string };

interface WorkspaceState {
  screen: Screen;
  dialog: OpenDialog | null;
  /** The day the board shows, in the branch's zone (YYYY-MM-DD); null means today. */
  date: string | null;
  /** A booking just made or moved: the board shows its day, scrolls it into view and flashes it. */
  highlight: string | null;
  go: (screen: Screen) => void;
  open: (dialog: OpenDialog) => void;
  close: () => void;
  setDate: (date: string | null) => void;
  show: (bookingId: string, date: string) => void;
  shown: () => void;
}

export const useWorkspace = create<WorkspaceState>()((set) => ({
  screen: 'board',
  dialog: null,
  date: null,
  highlight: null,
  go: (screen) => {
    set({ screen, dialog: null });
  },
  open: (dialog) => {
    set({ dialog });
  },
  close: () => {
    set({ dialog: null });
  },
  setDate: (date) => {
    set({ date });
  },
  show: (bookingId, date) => {
    set({ highlight: bookingId, date });
  },
  shown: () => {
    set({ highlight: null });
  },
}));
