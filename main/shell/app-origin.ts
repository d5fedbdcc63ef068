/** Where the packaged renderer lives: `app://signdesk/…` (never file://). No Electron import: tests load it. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'signdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
