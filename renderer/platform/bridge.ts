import type { ClinicBridge } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    clinic?: ClinicBridge;
  }
}

/** The desktop bridge when running in Electron, or null in a plain browser. */
export function desktopBridge(): ClinicBridge | null {
  return typeof window !== 'undefined' && window.clinic ? window.clinic : null;
}
