import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigation } from './Navigation';
import { sectionIds, sections, type SectionId } from './sections';
import { useHashRoute } from './use-hash-route';
import { InterruptedBatchNotice } from '../sections/to-sign/InterruptedBatchNotice';
import { AgentRequests } from '../sections/agent/AgentRequests';
import { SessionBanner } from '../sections/agent/SessionBanner';

export function App() {
  const { t } = useTranslation();
  const [current, navigate] = useHashRoute<SectionId>(sectionIds, 'cabinet');
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const section = sections.find((candidate) => candidate.id === current) ?? sections[0]!;

  useEffect(() => {
    document.title = `${t(section.labelKey)} — ${t('appName')}`;
    // Moving to another section puts focus on its content, as a page load would for a screen reader.
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [section, t]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const index = Number(event.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < sections.length) {
        event.preventDefault();
        navigate(sections[index]!.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const Screen = section.Screen;
  return (
    <div className="layout">
      <a className="skip-link" href="#main-content" onClick={(event) => { event.preventDefault(); main.current?.focus(); }}>
        {t('skipToContent')}
      </a>
      <header className="brand">
        <span className="brand-mark" aria-hidden="true">✒</span>
        <span className="brand-name">{t('appName')}</span>
        <span className="brand-tagline">{t('tagline')}</span>
      </header>
      <Navigation current={current} onNavigate={navigate} />
      <main id="main-content" ref={main} tabIndex={-1} className="content" data-testid={`section-${current}`}>
        <SessionBanner />
        {current !== 'to-sign' ? <InterruptedBatchNotice onOpen={() => navigate('to-sign')} /> : null}
        <Screen />
      </main>
      <AgentRequests />
    </div>
  );
}
