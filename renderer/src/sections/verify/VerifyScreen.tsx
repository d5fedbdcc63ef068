import { useCallback, useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkVerifyResult, VerifyReport } from '../../../../preload/contract/domains/verify';
import { api } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ScreenHeader } from '../../components/ScreenHeader';
import { pathsFromDrop, uploadFiles, type IntakeResult } from '../../files/file-intake';
import { splitPath } from '../../format/format';
import { useWindowDrop } from '../to-sign/use-window-drop';
import { kindByName, pairFiles, type VerifyFileKind, type VerifyJob } from './pair-files';
import { SignerReportCard } from './SignerReportCard';
import { DocumentFacts, SignerFormatFacts } from './FormatFacts';
import { BulkResults } from './BulkResults';
import { SettleHint } from './SettleHint';
import './i18n';
import './verify.css';

interface Outcome {
  job: VerifyJob;
  report?: VerifyReport;
  error?: unknown;
}

/**
 * The last files checked one by one: coming back to Verify (after trusting an issuer in Settings) checks them again
 * with what is trusted now.
 */
let lastChecked: { jobs: VerifyJob[]; noRevocation: boolean } | undefined;

/** Up to this many dropped files, main is asked what each one is; more go to bulk verification, paired by name. */
const DESCRIBED_AT_MOST = 50;

export function VerifyScreen() {
  const { t } = useTranslation('verify');
  const { t: tf } = useTranslation('formats');
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [bulk, setBulk] = useState<BulkVerifyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [signaturePath, setSignaturePath] = useState('');
  const [folderPath, setFolderPath] = useState('');
  const [contentPath, setContentPath] = useState('');
  const [noRevocation, setNoRevocation] = useState(lastChecked?.noRevocation ?? false);
  const filesInput = useRef<HTMLInputElement>(null);
  const id = useId();

  // A check started later wins: an older one still running (the re-check on opening) does not overwrite it.
  const generation = useRef(0);
  const verifyJobs = useCallback(async (jobs: VerifyJob[], offline = noRevocation) => {
    const mine = ++generation.current;
    setBulk(null);
    lastChecked = { jobs, noRevocation: offline };
    const results: Outcome[] = [];
    for (const job of jobs) {
      try {
        results.push({ job, report: await api().verify.signature({ ...job, ...(offline ? { noRevocation: offline } : {}) }) });
      } catch (caught) {
        results.push({ job, error: caught });
      }
    }
    if (mine === generation.current) setOutcomes(results);
  }, [noRevocation]);
  const checkAgain = useCallback(async (jobs: VerifyJob[], offline: boolean) => {
    setBusy(true);
    try {
      await verifyJobs(jobs, offline);
    } finally {
      setBusy(false);
    }
  }, [verifyJobs]);
  // Many files or a folder: the core pairs X.p7s with X and verifies them in parallel. The one-by-one results go,
  // and a re-check still running does not bring them back.
  const verifyInBulk = useCallback(async (paths: string[]) => {
    generation.current++;
    lastChecked = undefined;
    setOutcomes([]);
    setBulk(await api().verify.bulk({ paths, ...(noRevocation ? { noRevocation } : {}) }));
  }, [noRevocation]);
  useEffect(() => {
    if (lastChecked) void checkAgain(lastChecked.jobs, lastChecked.noRevocation);
    // Only when the screen opens: later checks are the user's.
  }, []);

  const intake = useCallback(
    async (pending: Promise<IntakeResult>) => {
      setBusy(true);
      setError(undefined);
      try {
        const { paths, failed } = await pending;
        if (failed[0]) setError(failed[0].error);
        // Main tells by content what each file is: a PDF or an ASiC-E container is checked alone. A large drop is
        // paired by name in the core's bulk verification instead.
        const kinds = new Map<string, VerifyFileKind>();
        if (paths.length <= DESCRIBED_AT_MOST) {
          for (const path of paths) kinds.set(path, await api().verify.describe({ path }).then((answer) => answer.kind, () => 'document' as const));
        }
        const jobs = pairFiles(paths, (path) => kinds.get(path) ?? kindByName(path));
        const selfContained = paths.some((path) => kinds.get(path) === 'signed-document');
        if (jobs.length === 1 || (selfContained && jobs.length > 0)) await verifyJobs(jobs);
        else if (paths.length > 0) await verifyInBulk(paths);
        else setError(tf('verifyNoSignature'));
      } catch (caught) {
        setError(caught);
      } finally {
        setBusy(false);
      }
    },
    [tf, verifyJobs, verifyInBulk],
  );
  const onDrop = useCallback((dataTransfer: DataTransfer) => void intake(pathsFromDrop(dataTransfer, 'verify')), [intake]);
  const dragging = useWindowDrop(onDrop);

  const pick = async () => {
    const answer = await api().files.openDialog({ kind: 'files', multiple: true, filter: 'any' });
    if (!answer.native) filesInput.current?.click();
    else if (answer.paths.length > 0) void intake(Promise.resolve({ paths: answer.paths, failed: [] }));
  };
  const verifyFolder = async (paths: string[]) => {
    setBusy(true);
    setError(undefined);
    try {
      await verifyInBulk(paths);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const pickFolder = async () => {
    const answer = await api().files.openDialog({ kind: 'folder' });
    if (answer.native && answer.paths.length > 0) void verifyFolder(answer.paths);
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
        <button type="button" data-testid="verify-pick-folder" onClick={() => void pickFolder()}>
          {t('pickFolder')}
        </button>
      </ScreenHeader>
      <input ref={filesInput} type="file" multiple hidden tabIndex={-1} aria-hidden="true" data-testid="verify-files-input" onChange={onPicked} />
      <div className={`drop-zone verify-drop${dragging ? ' active' : ''}`} data-testid="verify-drop">
        <p>{t('common:empty.verify')}</p>
        <p className="muted">{t('dropHint')}</p>
        <p className="muted">{tf('verifyDropFormats')}</p>
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
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void verifyFolder([folderPath.trim()]);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-folder`}>{t('folder.label')}</label>
            <input id={`${id}-folder`} className="mono" data-testid="verify-folder-path" value={folderPath} onChange={(event) => setFolderPath(event.target.value)} spellCheck={false} />
          </div>
          <button type="submit" data-testid="verify-folder-submit" disabled={busy || !folderPath.trim()}>
            {t('folder.check')}
          </button>
        </form>
      </details>
      <div role="status" className="visually-hidden">{busy ? t('checking') : outcomes.length > 0 ? t('checked', { count: outcomes.length }) : ''}</div>
      {busy ? <p className="muted">{t('checking')}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {bulk ? <BulkResults result={bulk} /> : null}
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
                {outcome.report.format === 'pades' || outcome.report.format === 'asice' ? tf(`verifyKind.${outcome.report.format}`) : outcome.report.attached ? t('attached') : t('detached')}
              </p>
              <SettleHint report={outcome.report} onTrusted={() => lastChecked && void checkAgain(lastChecked.jobs, lastChecked.noRevocation)} />
              {outcome.report.contentComparison && !outcome.report.contentComparison.matches ? (
                <p className="error-message" role="alert" data-testid="verify-content-mismatch">
                  {t('contentMismatch', { ...outcome.report.contentComparison })}
                </p>
              ) : null}
              <DocumentFacts report={outcome.report} />
              {outcome.report.signers.map((signer, i) => (
                <div key={i} className="signer-with-facts">
                  <SignerReportCard signer={signer} index={index * 100 + i} />
                  <SignerFormatFacts pdf={signer.pdf} asic={signer.asic} />
                </div>
              ))}
            </>
          ) : null}
        </section>
      ))}
    </>
  );
}
