import type { ReactNode } from 'react';

export function EmptyState({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p>{text}</p>
      {children}
    </div>
  );
}
