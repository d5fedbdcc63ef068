import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHeader } from '../../components/ScreenHeader';

export function VerifyScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeader title={t('nav.verify')} />
      <EmptyState text={t('empty.verify')} />
    </>
  );
}
