import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildWireApi } from './contract/api';

/**
 * `window.signdesk`: one function per contract channel and one `onXxx` per event, nothing else.
 * Raw `ipcRenderer` and any generic invoke stay inside this file.
 */
const api = buildWireApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    const channel = `event:${event}`;
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('signdesk', api);
