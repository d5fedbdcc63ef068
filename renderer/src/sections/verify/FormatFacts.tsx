import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AsicSignerFacts, PdfSignatureFacts, VerifyReport } from '../../../../preload/contract/domains/verify';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { splitPath } from '../../format/format';
import '../../formats/i18n';

/** A PDF's or a container's own facts above its signers: the PAdES level, the documents a container holds. */
export function DocumentFacts({ report }: { report: VerifyReport }) {
  const { t } = useTranslation('formats');
  if (report.pdf) {
    const { pdf } = report;
    return (
      <div className="card format-facts" data-testid="verify-pdf-facts">
        <h3>{t('pdf.title')}</h3>
        <p data-testid="verify-pades-level">{pdf.level ? t('pdf.level', { level: pdf.level }) : t('pdf.levelNone')}</p>
        <p className="muted">{t('pdf.counts', { signatures: pdf.signatures, timestamps: pdf.documentTimestamps })}</p>
        {pdf.hasDss ? <p className="muted">{t('pdf.dss')}</p> : null}
      </div>
    );
  }
  if (report.container) {
    const { container } = report;
    return (
      <div className="card format-facts" data-testid="verify-container-facts">
        <h3>{t('container.title')}</h3>
        <p>{t('container.documents', { count: container.documents.length })}</p>
        <ul className="container-documents">
          {container.documents.map((document) => (
            <li key={document.name} className="mono">{document.name}</li>
          ))}
        </ul>
        {container.uncoveredDocuments.length > 0 ? (
          <p className="error-message" data-testid="verify-uncovered">{t('container.uncovered', { names: container.uncoveredDocuments.join(', ') })}</p>
        ) : null}
        {container.missingDocuments.length > 0 ? <p className="error-message">{t('container.missing', { names: container.missingDocuments.join(', ') })}</p> : null}
        <ExtractDocuments containerPath={report.signaturePath} />
      </div>
    );
  }
  return null;
}

/** Under a signer: which PDF field it is and what changed after it, or which container documents it covers. */
export function SignerFormatFacts({ pdf, asic }: { pdf?: PdfSignatureFacts | undefined; asic?: AsicSignerFacts | undefined }) {
  const { t } = useTranslation('formats');
  if (pdf) {
    const kinds = (allowed: boolean) => [...new Set(pdf.laterChanges.filter((change) => change.allowed === allowed).map((change) => t(`changeKinds.${change.kind}`)))].join(', ');
    const forbidden = kinds(false);
    return (
      <ul className="format-signer-facts" data-testid="verify-pdf-signer">
        <li>
          {pdf.kind === 'timestamp' ? t('pdf.timestamp') : t('pdf.field', { field: pdf.fieldName })}
          {pdf.level ? ` · ${pdf.level}` : ''}
        </li>
        {pdf.coversWholeDocument ? (
          <li className="fact-ok" data-testid="verify-covers-whole">
            <span aria-hidden="true">✓ </span>
            {t('pdf.whole')}
          </li>
        ) : (
          <li className={forbidden ? 'fact-bad' : 'fact-warn'} data-testid="verify-changed-after">
            <span aria-hidden="true">{forbidden ? '✗ ' : '! '}</span>
            {t('pdf.changed', { changes: [kinds(true), forbidden].filter(Boolean).join(', ') })}
            {forbidden ? ` ${t('pdf.notAllowed', { changes: forbidden })}` : ''}
          </li>
        )}
        {pdf.certifies ? <li>{t('pdf.certifies', { level: t(`certifyLevels.${pdf.certifies}`) })}</li> : null}
        {pdf.page ? <li className="muted">{t('pdf.visibleOn', { page: pdf.page })}</li> : null}
      </ul>
    );
  }
  if (asic) {
    return (
      <ul className="format-signer-facts" data-testid="verify-asic-signer">
        <li>{t('container.signerDocuments', { names: asic.documents.map((document) => (document.status === 'match' ? document.name : `${document.name} (${t(`documentStatus.${document.status}`)})`)).join(', ') })}</li>
      </ul>
    );
  }
  return null;
}

/** Writes the container's documents into a folder: the OS folder dialog in the app, a typed folder in a browser. */
function ExtractDocuments({ containerPath }: { containerPath: string }) {
  const { t } = useTranslation('formats');
  const [typing, setTyping] = useState(false);
  const [folder, setFolder] = useState(() => `${splitPath(containerPath).folder}/${splitPath(containerPath).name.replace(/\.asice$/i, '')}`);
  const [done, setDone] = useState('');
  const [error, setError] = useState<unknown>();
  const id = useId();

  const extract = async (target: string) => {
    setError(undefined);
    setDone('');
    try {
      const { files } = await api().verify.extract({ containerPath, targetDir: target });
      setDone(t('container.extracted', { count: files.length, folder: target }));
    } catch (caught) {
      setError(caught);
    }
  };
  const start = async () => {
    const answer = await api().files.openDialog({ kind: 'folder' });
    if (!answer.native) setTyping(true);
    else if (answer.paths[0]) await extract(answer.paths[0]);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void extract(folder.trim());
  };
  return (
    <div className="extract-documents">
      {typing ? (
        <form onSubmit={onSubmit} className="extract-form">
          <div className="field">
            <label htmlFor={`${id}-folder`}>{t('container.extractTo')}</label>
            <input id={`${id}-folder`} className="mono" data-testid="verify-extract-folder" value={folder} onChange={(event) => setFolder(event.target.value)} spellCheck={false} />
          </div>
          <button type="submit" data-testid="verify-extract-start" disabled={!folder.trim()}>{t('container.extractStart')}</button>
        </form>
      ) : (
        <button type="button" data-testid="verify-extract" onClick={() => void start().catch(setError)}>{t('container.extract')}</button>
      )}
      <p role="status" className={done ? 'success' : 'visually-hidden'} data-testid="verify-extracted">{done}</p>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
