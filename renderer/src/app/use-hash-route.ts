import { useCallback, useEffect, useState } from 'react';

/** `#/cabinet` style routes: they work the same under app:// in Electron and http:// through the bridge. */
export function useHashRoute<T extends string>(routes: readonly T[], fallback: T): [T, (route: T) => void] {
  const read = useCallback((): T => {
    const id = window.location.hash.replace(/^#\/?/, '').split('/')[0] as T;
    return routes.includes(id) ? id : fallback;
  }, [routes, fallback]);
  const [route, setRoute] = useState<T>(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [read]);
  const navigate = useCallback((next: T) => {
    window.location.hash = `#/${next}`;
  }, []);
  return [route, navigate];
}
