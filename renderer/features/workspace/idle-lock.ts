import { useEffect, useRef } from 'react';

/** Minutes without a key press, click or touch before the terminal locks itself. */
export const IDLE_LOCK_MINUTES = 5;
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Locks the terminal after a stretch of no input, so a walk-away desk does not stay signed in. */
export function useIdleLock(onLock: () => void, minutes = IDLE_LOCK_MINUTES): void {
  const lock = useRef(onLock);
  lock.current = onLock;
  useEffect(() => {
    let timer = setTimeout(fire, minutes * 60_000);
    function fire() {
      lock.current();
    }
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(fire, minutes * 60_000);
    };
    for (const e of EVENTS) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of EVENTS) window.removeEventListener(e, reset);
    };
  }, [minutes]);
}
