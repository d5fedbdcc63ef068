import fs from 'node:fs/promises';
import { SigndeskError } from '../../../preload/contract/errors';
import type { Handlers } from '../../../preload/contract/api';
import type { NativeDialogs } from './native-dialogs';
import { expandPaths } from './expand-paths';
import { writeFileAtomic } from '../fs/atomic-write';

type FilesHandlers = Pick<Handlers, 'files:openDialog' | 'files:saveDialog' | 'files:saveTextAs' | 'files:expand' | 'files:showInFolder' | 'files:openPath'>;

/**
 * The `files:*` channels: native dialogs when the shell gave some, `native: false` otherwise. Files a browser
 * uploads reach main through the bridge's upload route (main/bridge), never through a channel.
 */
export function createFilesHandlers(dialogs: NativeDialogs | undefined): FilesHandlers {
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
    'files:expand': ({ paths }) => expandPaths(paths),
    'files:showInFolder': ({ path }) => {
      if (!dialogs) return { shown: false };
      dialogs.showInFolder(path);
      return { shown: true };
    },
    'files:openPath': async ({ path }) => {
      if (!dialogs) return { opened: false };
      try {
        await fs.access(path);
        await dialogs.openPath(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new SigndeskError(code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_FILE_UNREADABLE', `Cannot open ${path}: ${(error as Error).message}`, { path });
      }
      return { opened: true };
    },
  };
}
