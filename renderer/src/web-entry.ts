// In a browser (the bridge), window.signdesk comes from the WebSocket client instead of the preload.
import { installBridgeClient } from './bridge/bridge-client';

installBridgeClient();
await import('./main');
