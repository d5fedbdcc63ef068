import { dialog, shell, type BrowserWindow } from 'electron';
import type { NativeDialogs } from '../core/files/native-dialogs';

const FILTERS: Partial<Record<string, Electron.FileFilter[]>> = {
  signatures: [{ name: 'CMS / CAdES', extensions: ['p7s', 'p7m', 'sig'] }, { name: '*', extensions: ['*'] }],
  keys: [{ name: 'Key-6.dat, PKCS#12, PKCS#8, JKS', extensions: ['dat', 'pfx', 'p12', 'pem', 'der', 'key', 'pk8', 'jks', 'zs2'] }, { name: '*', extensions: ['*'] }],
};

/** The OS dialogs, parented to the main window when there is one. */
export function createNativeDialogs(getWindow: () => BrowserWindow | undefined): NativeDialogs {
  const parent = () => {
    const window = getWindow();
    return window && !window.isDestroyed() ? window : undefined;
  };
  const show = <T>(withParent: (window: BrowserWindow) => Promise<T>, alone: () => Promise<T>) => {
    const window = parent();
    return window ? withParent(window) : alone();
  };
  return {
    async openFiles({ multiple, filter }) {
      const options: Electron.OpenDialogOptions = {
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        filters: FILTERS[filter] ?? [],
      };
      const result = await show((w) => dialog.showOpenDialog(w, options), () => dialog.showOpenDialog(options));
      return result.canceled ? [] : result.filePaths;
    },
    async chooseFolder() {
      const options: Electron.OpenDialogOptions = { properties: ['openDirectory', 'createDirectory'] };
      const result = await show((w) => dialog.showOpenDialog(w, options), () => dialog.showOpenDialog(options));
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveFile(defaultName) {
      const options: Electron.SaveDialogOptions = { defaultPath: defaultName };
      const result = await show((w) => dialog.showSaveDialog(w, options), () => dialog.showSaveDialog(options));
      return result.canceled ? null : (result.filePath ?? null);
    },
    showInFolder(filePath) {
      shell.showItemInFolder(filePath);
    },
    async openPath(filePath) {
      // shell.openPath answers an error message, or '' when the file was opened.
      const problem = await shell.openPath(filePath);
      if (problem) throw new Error(problem);
    },
  };
}
