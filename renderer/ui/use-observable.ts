import { useEffect, useState, type DependencyList } from 'react';
import type { Observable } from 'rxjs';

/** The latest value of a reactive query; resubscribes when the inputs change. */
export function useObservable<T>(factory: () => Observable<T> | null, deps: DependencyList, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const source = factory();
    if (!source) return;
    const sub = source.subscribe(setValue);
    return () => {
      sub.unsubscribe();
    };
  }, deps);
  return value;
}
