import { useEffect, useRef } from 'react';

/** Whether a key press belongs to a text field (or a dialog is open), so shortcuts keep out of the way. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"]')) return true;
  return document.querySelector('[role="dialog"]') !== null;
}

/**
 * Keyboard shortcuts for the desk, written like "Alt+1", "Alt+ArrowLeft" or "n". Plain keys are
 * ignored while typing in a field or with a dialog open.
 */
export function useShortcuts(map: Record<string, () => void>): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = `${event.altKey ? 'Alt+' : ''}${event.ctrlKey || event.metaKey ? 'Ctrl+' : ''}${event.key}`;
      const action = current.current[key];
      if (!action) return;
      if (!event.altKey && typing(event)) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
