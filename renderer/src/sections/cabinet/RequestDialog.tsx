import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CabinetKey, RequestView } from '../../../../preload/contract/index';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { algorithmLabel } from '../../i18n/pki-terms';

export function RequestDialog({ cabinetKey, onClose }: { cabinetKey: CabinetKey; onClose(): void }) {
  const { t, i18n } = useTranslation('cabinet');
  const [view, setView] = useState<RequestView>();
  const [error, setError] = useState<unknown>();
  const id = useId();
  useEffect(() => {
    api().cabinet.request({ keyId: cabinetKey.id }).then(setView, setError);
  }, [cabinetKey.id]);
  return (
    <Dialog title={t('request.title', { name: cabinetKey.owner ?? cabinetKey.name })} onClose={onClose} testId="request-dialog" wide actions={<button type="button" onClick={onClose}>{t('close')}</button>}>
      {error ? <ErrorMessage error={error} /> : null}
      {view ? (
        <>
          <dl className="facts">
            <dt>{t('request.subject')}</dt>
            <dd data-testid="request-subject">{view.subject}</dd>
            <dt>{t('request.purpose')}</dt>
            <dd>{t(`request.purposes.${view.purpose}`)}</dd>
            <dt>{t('request.publicKey')}</dt>
            <dd>{view.publicKey}</dd>
            <dt>{t('request.signatureAlgorithm')}</dt>
            <dd>{algorithmLabel(t, view.signatureAlgorithm)}</dd>
            <dt>{t('request.created')}</dt>
            <dd>{new Date(view.created).toLocaleString(i18n.language)}</dd>
            {view.attributes.map((attribute, index) => (
              <div key={index} style={{ display: 'contents' }}>
                <dt>{i18n.exists(`cabinet:request.attributes.${attribute.name}`) ? t(`request.attributes.${attribute.name}`) : attribute.name}</dt>
                <dd data-testid={`request-attribute-${attribute.name}`}>{attribute.value}</dd>
              </div>
            ))}
          </dl>
          <p className={view.sent ? 'success' : 'notice'}>{view.sent ? t('request.sent') : t('request.notSent')}</p>
          <div className="field">
            <label htmlFor={`${id}-pem`}>{t('request.pem')}</label>
            <textarea id={`${id}-pem`} className="pem-box" readOnly value={view.pem} data-testid="request-pem" />
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
