import { app, Notification } from 'electron';
import type { Services } from '../core/services';
import { batchNotificationText, notificationLanguage } from './batch-notification-text';

/** A desktop notification in the user's language when a signing batch ends, if wanted (settings.notifyWhenBatchEnds). */
export function notifyWhenBatchesEnd(services: Services): () => void {
  return services.events.on('batchFinished', (batch) => {
    void services.settings.get().then(
      (settings) => {
        if (!settings.notifyWhenBatchEnds || !Notification.isSupported()) return;
        new Notification(batchNotificationText(batch, notificationLanguage(settings.language, app.getLocale()))).show();
      },
      // Settings that cannot be read mean no notification, not an unhandled rejection.
      () => undefined,
    );
  });
}
