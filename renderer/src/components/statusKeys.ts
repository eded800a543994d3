/**
 * The keys a screen adds to the status bar while it shows (the journey's Esc): the status bar
 * offers only keys that work now.
 */
import { createContext, useContext, useEffect } from 'react';

export const StatusKeysContext = createContext<(keys: string | null) => void>(() => undefined);

/** While the calling screen is mounted, the status bar shows `keys` before the app's own. */
export function useStatusKeys(keys: string): void {
  const set = useContext(StatusKeysContext);
  useEffect(() => {
    set(keys);
    return () => set(null);
  }, [set, keys]);
}
