import type { CliCommand } from '../command';
import { certShowCommand } from './cert-show';
import { statusCommand } from './status';
import { tokensCommand } from './tokens';

/**
 * Every `signdesk` command. Each lives in its own file in this folder; add it to this list.
 * Two-word commands (`cert show`) are matched before one-word ones.
 */
export const commands: CliCommand[] = [certShowCommand, statusCommand, tokensCommand];
