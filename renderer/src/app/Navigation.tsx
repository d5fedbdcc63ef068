import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sections, type SectionId } from './sections';

/** The section list: every section is a link in the Tab order; arrow keys / Home / End also move within it. */
export function Navigation({ current, onNavigate }: { current: SectionId; onNavigate(id: SectionId): void }) {
  const { t } = useTranslation();
  const links = useRef<Array<HTMLAnchorElement | null>>([]);

  const onKeyDown = (event: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const last = sections.length - 1;
    const target = { ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + sections.length) % sections.length;
    links.current[next]?.focus();
  };

  return (
    <nav className="nav" aria-label={t('sections')}>
      <ul>
        {sections.map((section, index) => (
          <li key={section.id}>
            <a
              ref={(element) => {
                links.current[index] = element;
              }}
              href={`#/${section.id}`}
              className="nav-link"
              aria-current={section.id === current ? 'page' : undefined}
              data-testid={`nav-${section.id}`}
              onKeyDown={(event) => onKeyDown(event, index)}
              onClick={(event) => {
                event.preventDefault();
                onNavigate(section.id);
              }}
            >
              {t(section.labelKey)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
