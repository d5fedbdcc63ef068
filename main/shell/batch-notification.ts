import { Notification } from 'electron';
import type { Services } from '../core/services';

/** A desktop notification when a signing batch ends, if the user wants one (settings.notifyWhenBatchEnds). */
export function notifyWhenBatchesEnd(services: Services): () => void {
  return services.events.on('batchFinished', (batch) => {
    void services.settings.get().then(
      (settings) => {
        if (!settings.notifyWhenBatchEnds || !Notification.isSupported()) return;
        const title = batch.state === 'done' && batch.failed === 0 ? 'Signdesk: signing finished' : `Signdesk: signing ${batch.state}`;
        const body = `${batch.done} of ${batch.total} signed` + (batch.failed ? `, ${batch.failed} failed` : '') + (batch.skipped ? `, ${batch.skipped} skipped` : '');
        new Notification({ title, body }).show();
      },
      // Settings that cannot be read mean no notification, not an unhandled rejection.
      () => undefined,
    );
  });
}
