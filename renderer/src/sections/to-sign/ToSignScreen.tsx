import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHeader } from '../../components/ScreenHeader';

export function ToSignScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeader title={t('nav.toSign')} />
      <EmptyState text={t('empty.toSign')} />
    </>
  );
}
