import { useEffect, useState } from 'react';
import { OTHER_KEY } from './KeyChoice';

/**
 * The key picked for signing: the first offered key once the list arrives (later the user's choice stands), or
 * a typed key reference when "another key" is chosen. `keyRef` is what goes to main.
 */
export function useKeyChoice(keys: ReadonlyArray<{ keyRef: string }>) {
  const [choice, setChoice] = useState(OTHER_KEY);
  const [typedRef, setTypedRef] = useState('');
  const firstKey = keys[0]?.keyRef;
  useEffect(() => {
    if (firstKey !== undefined) setChoice((current) => (current === OTHER_KEY ? firstKey : current));
  }, [firstKey]);
  const keyRef = choice === OTHER_KEY ? typedRef.trim() : choice;
  return { choice, setChoice, typedRef, setTypedRef, keyRef };
}
