import { useTranslation } from 'react-i18next';
import { Identifiers } from './Identifiers';
import './i18n';
import './identity.css';

export interface PartyFacts {
  owner?: string | null;
  organisation?: string | null;
  title?: string | null;
  identifiers: Readonly<Record<string, string>>;
}

/**
 * Who signed or owns a key, as a person reads it: the name, the position, the organisation (or "individual")
 * with their identifiers by localized name. The raw subject DN is left to the technical details.
 */
export function Party({ party, testId, withName = true }: { party: PartyFacts; testId?: string; withName?: boolean }) {
  const { t } = useTranslation('identity');
  return (
    <div className="party" data-testid={testId}>
      <div className="party-person">
        {withName ? <span className="party-name">{party.owner ?? t('unknownSigner')}</span> : null}
        {party.title ? <span className="muted">{party.title}</span> : null}
        <Identifiers identifiers={party.identifiers} scope="person" />
      </div>
      <div className="party-organisation">
        <span>{party.organisation ?? t('individual')}</span>
        <Identifiers identifiers={party.identifiers} scope="organisation" />
      </div>
    </div>
  );
}
