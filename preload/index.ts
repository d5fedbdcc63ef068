import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { SigndeskFilesBridge } from './contract/domains/files';
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

/** The one extra: the path of a dropped `File`, so dropped documents reach main by path (see contract/domains/files). */
const files: SigndeskFilesBridge = { pathForFile: (file) => webUtils.getPathForFile(file as File) };
contextBridge.exposeInMainWorld('signdeskFiles', files);
