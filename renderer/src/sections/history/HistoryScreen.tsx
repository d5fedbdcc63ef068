import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHeader } from '../../components/ScreenHeader';

export function HistoryScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeader title={t('nav.history')} />
      <EmptyState text={t('empty.history')} />
    </>
  );
}
