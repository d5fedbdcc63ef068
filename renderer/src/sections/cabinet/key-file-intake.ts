import { api } from '../../api';
import { hasNativePaths, pathsFromDrop, uploadFiles } from '../../files/file-intake';

/** A key file as main sees it (`path`) and as the user named it (`name`). */
export interface KeyFile {
  path: string;
  name: string;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * The first file of a drop. The app has its path; a browser uploads it (`verify` uploads are temporary: they go
 * when the page does, and the cabinet keeps its own encrypted copy).
 */
export async function keyFileFromDrop(dataTransfer: DataTransfer): Promise<KeyFile | undefined> {
  const name = dataTransfer.files[0]?.name;
  const intake = await pathsFromDrop(dataTransfer, 'verify');
  if (intake.failed.length > 0 && intake.paths.length === 0) throw intake.failed[0]!.error;
  const path = intake.paths[0];
  if (!path) return undefined;
  return { path, name: hasNativePaths() ? baseName(path) : (name ?? baseName(path)) };
}

/** The OS file dialog in the app; `undefined` + `native: false` tells the caller to open `<input type=file>`. */
export async function pickKeyFile(): Promise<{ native: boolean; file?: KeyFile }> {
  const answer = await api().files.openDialog({ kind: 'files', multiple: false, filter: 'keys' });
  if (!answer.native) return { native: false };
  const path = answer.paths[0];
  return { native: true, ...(path ? { file: { path, name: baseName(path) } } : {}) };
}

/** A file picked with `<input type=file>` in a browser, uploaded to main. */
export async function uploadKeyFile(file: File): Promise<KeyFile> {
  const intake = await uploadFiles([file], 'verify');
  if (intake.failed.length > 0) throw intake.failed[0]!.error;
  return { path: intake.paths[0]!, name: file.name };
}

export function keyFileFromTypedPath(typed: string): KeyFile | undefined {
  const path = typed.trim().replace(/^"(.*)"$/, '$1');
  return path ? { path, name: baseName(path) } : undefined;
}
