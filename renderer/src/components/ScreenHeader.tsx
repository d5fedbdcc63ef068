import type { ReactNode } from 'react';

/** Every screen starts with its one h1 and optional actions on the right. */
export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="screen-header">
      <h1>{title}</h1>
      {children ? <div className="screen-actions">{children}</div> : null}
    </div>
  );
}
