import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api';
import { App } from './app/App';
import { AppStateProvider } from './app/app-state';
import { initI18n, languageFromLocale } from './i18n/index';
import './styles.css';

const [info, settings] = await Promise.all([api().app.info(), api().settings.get()]);
await initI18n(settings.language ?? languageFromLocale(info.locale || navigator.language));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStateProvider info={info} initialSettings={settings}>
      <App />
    </AppStateProvider>
  </StrictMode>,
);
