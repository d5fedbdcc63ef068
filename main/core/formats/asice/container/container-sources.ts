import { SigndeskError } from '../../../../../preload/contract/errors';
import type { AsicContainer } from './asic-container';
import type { ZipSource } from './zip-source';

const sources = new WeakMap<AsicContainer, ZipSource>();

export function registerSource(container: AsicContainer, source: ZipSource): void {
  sources.set(container, source);
}

/** The open ZIP behind a container this module opened. */
export function sourceOf(container: AsicContainer): ZipSource {
  const source = sources.get(container);
  if (!source) throw new SigndeskError('ERR_INTERNAL', 'not a container opened by openAsicContainer');
  if (!source.isOpen) throw new SigndeskError('ERR_INTERNAL', `the container ${container.path} is closed`);
  return source;
}
