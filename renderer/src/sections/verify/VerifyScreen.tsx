import { useCallback, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyReport } from '../../../../preload/contract/domains/verify';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ScreenHeader } from '../../components/ScreenHeader';
import { pathsFromDrop, uploadFiles, type IntakeResult } from '../../files/file-intake';
import { splitPath } from '../../format/format';
import { useWindowDrop } from '../to-sign/use-window-drop';
import { pairFiles, type VerifyJob } from './pair-files';
import { SignerReportCard } from './SignerReportCard';
import './i18n';
import './verify.css';

interface Outcome {
  job: VerifyJob;
  report?: VerifyReport;
  error?: unknown;
}

export function VerifyScreen() {
  const { t } = useTranslation('verify');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [signaturePath, setSignaturePath] = useState('');
  const [contentPath, setContentPath] = useState('');
  const [noRevocation, setNoRevocation] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const id = useId();

  const verifyJobs = useCallback(async (jobs: VerifyJob[]) => {
    const results: Outcome[] = [];
    for (const job of jobs) {
      try {
        results.push({ job, report: await api().verify.signature({ ...job, ...(noRevocation ? { noRevocation } : {}) }) });
      } catch (caught) {
        results.push({ job, error: caught });
      }
    }
    setOutcomes(results);
  }, [noRevocation]);

  const intake = useCallback(
    async (pending: Promise<IntakeResult>) => {
      setBusy(true);
      setError(undefined);
      try {
        const { paths, failed } = await pending;
        if (failed[0]) setError(failed[0].error);
        const jobs = pairFiles(paths);
        if (jobs.length === 0) setError(new Error(t('noSignature')));
        else await verifyJobs(jobs);
      } catch (caught) {
        setError(caught);
      } finally {
        setBusy(false);
      }
    },
    [t, verifyJobs],
  );
  const onDrop = useCallback((dataTransfer: DataTransfer) => void intake(pathsFromDrop(dataTransfer, 'verify')), [intake]);
  const dragging = useWindowDrop(onDrop);

  const pick = async () => {
    const answer = await api().files.openDialog({ kind: 'files', multiple: true, filter: 'any' });
    if (!answer.native) filesInput.current?.click();
    else if (answer.paths.length > 0) void intake(Promise.resolve({ paths: answer.paths, failed: [] }));
  };
  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length > 0) void intake(uploadFiles(files, 'verify'));
  };
  const onTyped = (event: FormEvent) => {
    event.preventDefault();
    const job: VerifyJob = contentPath.trim() ? { signaturePath: signaturePath.trim(), contentPath: contentPath.trim() } : { signaturePath: signaturePath.trim() };
    setBusy(true);
    setError(undefined);
    void verifyJobs([job]).finally(() => setBusy(false));
  };

  return (
    <>
      <ScreenHeader title={t('common:nav.verify')}>
        <button type="button" className="primary" data-testid="verify-pick" onClick={() => void pick()}>
          {t('pick')}
        </button>
      </ScreenHeader>
      <input ref={filesInput} type="file" multiple hidden tabIndex={-1} aria-hidden="true" data-testid="verify-files-input" onChange={onPicked} />
      <div className={`drop-zone verify-drop${dragging ? ' active' : ''}`} data-testid="verify-drop">
        <p>{t('common:empty.verify')}</p>
        <p className="muted">{t('dropHint')}</p>
      </div>
      <label className="checkbox offline-check">
        <input type="checkbox" data-testid="verify-no-revocation" checked={noRevocation} onChange={(event) => setNoRevocation(event.target.checked)} />
        {t('noRevocation')}
      </label>
      <details className="card typed-paths">
        <summary>{t('typed.title')}</summary>
        <form onSubmit={onTyped}>
          <div className="field">
            <label htmlFor={`${id}-sig`}>{t('typed.signature')}</label>
            <input id={`${id}-sig`} className="mono" data-testid="verify-signature-path" value={signaturePath} onChange={(event) => setSignaturePath(event.target.value)} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-doc`}>{t('typed.content')}</label>
            <input id={`${id}-doc`} className="mono" data-testid="verify-content-path" value={contentPath} onChange={(event) => setContentPath(event.target.value)} spellCheck={false} aria-describedby={`${id}-doc-hint`} />
            <span id={`${id}-doc-hint`} className="field-hint">{t('typed.contentHint')}</span>
          </div>
          <button type="submit" data-testid="verify-typed-submit" disabled={busy || !signaturePath.trim()}>
            {t('typed.check')}
          </button>
        </form>
      </details>
      <div role="status" className="visually-hidden">{busy ? t('checking') : outcomes.length > 0 ? t('checked', { count: outcomes.length }) : ''}</div>
      {busy ? <p className="muted">{t('checking')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {outcomes.map((outcome, index) => (
        <section key={`${outcome.job.signaturePath}-${index}`} className="verify-result" aria-labelledby={`${id}-r${index}`} data-testid="verify-result" data-valid={outcome.report ? String(outcome.report.valid) : 'error'}>
          <h2 id={`${id}-r${index}`}>
            {splitPath(outcome.job.signaturePath).name}
            {outcome.job.contentPath ? <span className="muted"> + {splitPath(outcome.job.contentPath).name}</span> : null}
          </h2>
          {outcome.error ? <ErrorMessage error={outcome.error} /> : null}
          {outcome.report ? (
            <>
              <p className={outcome.report.valid ? 'success' : outcome.report.indication === 'INDETERMINATE' ? 'notice' : 'error-message'} data-testid="verify-summary">
                {t(`summary.${outcome.report.indication}`, { count: outcome.report.signers.length })}{' '}
                {outcome.report.attached ? t('attached') : t('detached')}
              </p>
              {outcome.report.signers.map((signer, i) => (
                <SignerReportCard key={i} signer={signer} index={index * 100 + i} />
              ))}
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}
