import { MAX_UPLOAD_BYTES, SigndeskError, type SigndeskFilesBridge, type SigndeskUploadBridge, type UploadPurpose } from '../../../preload/contract/index';
import { api } from '../api';

declare global {
  interface Window {
    /** Present only in the Electron app (see preload/index.ts). */
    readonly signdeskFiles?: SigndeskFilesBridge;
    /** Present only in a browser on the bridge (see bridge/bridge-client.ts). */
    readonly signdeskUploads?: SigndeskUploadBridge;
  }
}

/** Where files come from: Electron gives every dropped File its path; a browser uploads the bytes. */
export function hasNativePaths(): boolean {
  return typeof window.signdeskFiles?.pathForFile === 'function';
}

export interface IntakeResult {
  paths: string[];
  failed: Array<{ name: string; error: unknown }>;
}

/** Dropped items → paths in main. Folders are walked (Electron: by main; a browser: through the entry API). */
export async function pathsFromDrop(dataTransfer: DataTransfer, purpose: UploadPurpose): Promise<IntakeResult> {
  const bridge = window.signdeskFiles;
  if (bridge) {
    const raw = [...dataTransfer.files].map((file) => bridge.pathForFile(file)).filter((path) => path.length > 0);
    if (raw.length === 0) return { paths: [], failed: [] };
    return { paths: (await api().files.expand({ paths: raw })).files, failed: [] };
  }
  const files = await filesFromDataTransfer(dataTransfer);
  return uploadFiles(files, purpose);
}

/** Picked with `<input type=file>` (a browser): streamed to main one by one. */
export function uploadFiles(files: readonly File[], purpose: UploadPurpose): Promise<IntakeResult> {
  return uploadAll(files, purpose);
}

async function uploadAll(files: readonly File[], purpose: UploadPurpose): Promise<IntakeResult> {
  const result: IntakeResult = { paths: [], failed: [] };
  for (const file of files) {
    try {
      if (file.size > MAX_UPLOAD_BYTES) throw new SigndeskError('ERR_INPUT_INVALID', `${file.name} is too large`, { limit: MAX_UPLOAD_BYTES });
      const uploads = window.signdeskUploads;
      if (!uploads) throw new SigndeskError('ERR_INTERNAL', 'This window cannot upload files');
      result.paths.push((await uploads.upload(file, purpose)).path);
    } catch (error) {
      result.failed.push({ name: file.name, error });
    }
  }
  return result;
}

/** Files of a drop, with folders walked through `webkitGetAsEntry` (plain `files` lists a folder as a 0-byte file). */
async function filesFromDataTransfer(dataTransfer: DataTransfer): Promise<File[]> {
  const entries = [...dataTransfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((entry) => entry === null)) return [...dataTransfer.files];
  const files: File[] = [];
  const visit = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.name.startsWith('.')) return;
    if (entry.isFile) {
      files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await visit(child);
      }
    }
  };
  for (const entry of entries) await visit(entry!);
  return files;
}

export { parseTypedPaths } from './typed-paths';
