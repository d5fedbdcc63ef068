import { appChannels } from './domains/app';
import { settingsChannels } from './domains/settings';
import { cabinetChannels } from './domains/cabinet';
import { filesChannels } from './domains/files';
import { verifyChannels } from './domains/verify';
import { caChannels } from './domains/ca';
import { queueChannels } from './domains/queue';
import { historyChannels } from './domains/history';
import { agentChannels } from './domains/agent';
import { trustChannels } from './domains/trust';

/**
 * Every IPC channel, `domain:verb` → input schema + result type. Each domain keeps its channels in
 * `domains/<domain>.ts`; this map is the one place they are joined.
 */
export const channels = {
  ...appChannels,
  ...settingsChannels,
  ...cabinetChannels,
  ...filesChannels,
  ...verifyChannels,
  ...caChannels,
  ...queueChannels,
  ...historyChannels,
  ...agentChannels,
  ...trustChannels,
};

export type Channels = typeof channels;
export type Channel = keyof Channels;
