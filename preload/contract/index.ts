export * from './errors';
export * from './envelope';
export * from './define';
export * from './channels';
export * from './events';
export * from './api';
export * from './domains/app';
export * from './domains/settings';
