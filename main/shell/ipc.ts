import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channelNames, eventNames } from '../../preload/contract/api';
import { createGuard, senderFromOrigin } from '../core/api/guard';
import { createHandlers } from '../core/api/handlers';
import type { Services } from '../core/services';

/** Registers every contract channel through the guard and forwards core events to the window. */
export function registerIpc(services: Services, getWindow: () => BrowserWindow | undefined, allowedOrigin: string): () => void {
  const guard = createGuard(createHandlers(services), senderFromOrigin(allowedOrigin));
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) =>
      guard(channel, { url: event.senderFrame?.url ?? '', isMainFrame: event.senderFrame === event.sender.mainFrame }, input),
    );
  }
  const unsubscribers = eventNames.map((name) =>
    services.events.on(name, (payload) => {
      const window = getWindow();
      if (window && !window.isDestroyed()) window.webContents.send(`event:${name}`, payload);
    }),
  );
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
