import type { Handlers } from '../api/guard';
import type { NativeDialogs } from './native-dialogs';
import { decodeBase64, UploadStore } from './upload-store';
import { expandPaths } from './expand-paths';
import { writeFileAtomic } from '../fs/atomic-write';

type FilesHandlers = Pick<Handlers, 'files:openDialog' | 'files:saveDialog' | 'files:saveTextAs' | 'files:upload' | 'files:expand' | 'files:showInFolder'>;

/** The `files:*` channels: native dialogs when the shell gave some, uploads into the data folder otherwise. */
export function createFilesHandlers(dataDir: string, dialogs: NativeDialogs | undefined): FilesHandlers {
  const uploads = new UploadStore(dataDir);
  return {
    'files:openDialog': async ({ kind, multiple, filter }) => {
      if (!dialogs) return { native: false };
      if (kind === 'folder') {
        const folder = await dialogs.chooseFolder();
        return { native: true, paths: folder ? [folder] : [] };
      }
      return { native: true, paths: await dialogs.openFiles({ multiple: multiple ?? true, filter: filter ?? 'any' }) };
    },
    'files:saveDialog': async ({ defaultName }) => {
      if (!dialogs) return { native: false };
      const target = await dialogs.saveFile(defaultName);
      return { native: true, paths: target ? [target] : [] };
    },
    'files:saveTextAs': async ({ defaultName, content }) => {
      if (!dialogs) return { native: false };
      const target = await dialogs.saveFile(defaultName);
      if (!target) return { native: true, paths: [] };
      await writeFileAtomic(target, content, { mode: 0o644 });
      return { native: true, paths: [target] };
    },
    'files:upload': async ({ name, purpose, base64 }) => ({ path: await uploads.save(purpose, name, decodeBase64(base64)) }),
    'files:expand': ({ paths }) => expandPaths(paths),
    'files:showInFolder': ({ path }) => {
      if (!dialogs) return { shown: false };
      dialogs.showInFolder(path);
      return { shown: true };
    },
  };
}
