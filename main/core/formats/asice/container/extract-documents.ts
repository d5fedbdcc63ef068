import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SigndeskError } from '../../../../../preload/contract/errors';
import { syncDirectory, TEMP_SUFFIX } from '../../../fs/atomic-write';
import type { AsicContainer } from './asic-container';
import { unsafe } from './container-errors';
import { sourceOf } from './container-sources';
import { checkPortableName } from './entry-name';
import { asContainerError } from './zip-source';

export interface ExtractDocumentsOptions {
  /** Which documents (entry names); default: every document. */
  names?: readonly string[];
  /** Replace files that already exist (default: refuse with ERR_OUTPUT_EXISTS before writing anything). */
  overwrite?: boolean;
}

export interface ExtractedDocument {
  name: string;
  path: string;
}

/**
 * Writes documents of the container under `targetFolder`, keeping their folders. Every path is resolved and
 * checked to stay inside the folder, no symbolic link on the way is followed, and each file appears whole or not
 * at all (temp file, fsync, link or rename). Names that would mean something else on Windows are refused on
 * every OS.
 */
export async function extractDocuments(container: AsicContainer, targetFolder: string, options: ExtractDocumentsOptions = {}): Promise<ExtractedDocument[]> {
  const source = sourceOf(container);
  const root = await realFolder(targetFolder);
  const names = options.names ?? container.documents.map((document) => document.name);
  const plan: ExtractedDocument[] = [];
  for (const name of new Set(names)) {
    if (!container.documents.some((document) => document.name === name)) {
      throw new SigndeskError('ERR_NOT_FOUND', `the container has no document ${name}`, { entry: name });
    }
    checkPortableName(name);
    const target = path.resolve(root, ...name.split('/'));
    const relative = path.relative(root, target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw unsafe(`entry ${name} would be written outside ${root}`, { entry: name, reason: 'outside-target' });
    }
    plan.push({ name, path: target });
  }
  for (const item of plan) {
    await checkParents(root, item);
    const existing = await lstatIfPresent(item.path);
    if (existing && (!options.overwrite || existing.isDirectory())) {
      throw new SigndeskError('ERR_OUTPUT_EXISTS', `${item.path} already exists`, { path: item.path });
    }
  }
  for (const item of plan) {
    await makeParents(root, item);
    await writeEntryAtomically(item, () => source.openEntryStream(item.name), options.overwrite === true);
  }
  return plan;
}

async function realFolder(folder: string): Promise<string> {
  try {
    const real = await fs.realpath(folder);
    if (!(await fs.stat(real)).isDirectory()) throw new SigndeskError('ERR_INPUT_INVALID', `${folder} is not a folder`, { path: folder });
    return real;
  } catch (error) {
    if (error instanceof SigndeskError) throw error;
    throw new SigndeskError('ERR_FILE_NOT_FOUND', `the folder ${folder} does not exist`, { path: folder });
  }
}

/** Folders between the target folder and the file: each is a real folder or absent, never a link or a file. */
async function checkParents(root: string, item: ExtractedDocument): Promise<void> {
  let current = root;
  for (const segment of path.relative(root, path.dirname(item.path)).split(path.sep).filter(Boolean)) {
    current = path.join(current, segment);
    const stat = await lstatIfPresent(current);
    if (!stat) return;
    if (stat.isSymbolicLink()) throw unsafe(`${current} is a symbolic link; ${item.name} is not written through it`, { entry: item.name, reason: 'symlink-in-target' });
    if (!stat.isDirectory()) throw new SigndeskError('ERR_OUTPUT_EXISTS', `${current} exists and is not a folder`, { path: current });
  }
}

async function makeParents(root: string, item: ExtractedDocument): Promise<void> {
  let current = root;
  for (const segment of path.relative(root, path.dirname(item.path)).split(path.sep).filter(Boolean)) {
    current = path.join(current, segment);
    try {
      await fs.mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(error, current);
    }
    const stat = await fs.lstat(current);
    if (stat.isSymbolicLink() || !stat.isDirectory()) throw unsafe(`${current} changed into a link or a file`, { entry: item.name, reason: 'symlink-in-target' });
  }
}

async function writeEntryAtomically(item: ExtractedDocument, open: () => Promise<AsyncIterable<unknown>>, overwrite: boolean): Promise<void> {
  const folder = path.dirname(item.path);
  const temp = path.join(folder, `.asice-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await fs.open(temp, 'wx', 0o644).catch((error: unknown) => {
    throw writeError(error, temp);
  });
  try {
    try {
      for await (const chunk of await open()) await handle.write(chunk as Buffer);
    } catch (error) {
      throw error instanceof SigndeskError ? error : (error as NodeJS.ErrnoException).syscall === 'write' ? writeError(error, temp) : asContainerError(error, item.name);
    }
    await handle.sync();
    await handle.close();
    if (overwrite) {
      await fs.rename(temp, item.path);
    } else {
      await fs.link(temp, item.path).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SigndeskError('ERR_OUTPUT_EXISTS', `${item.path} already exists`, { path: item.path });
        throw writeError(error, item.path);
      });
      await fs.unlink(temp);
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(folder);
}

async function lstatIfPresent(file: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw writeError(error, file);
  }
}

function writeError(error: unknown, file: string): SigndeskError {
  if (error instanceof SigndeskError) return error;
  return new SigndeskError('ERR_STORAGE', `cannot write ${file}: ${(error as Error).message}`, { path: file });
}
