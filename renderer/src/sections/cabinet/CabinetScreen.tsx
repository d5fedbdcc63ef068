import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { ScreenHeader } from '../../components/ScreenHeader';

export function CabinetScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeader title={t('nav.cabinet')} />
      <EmptyState text={t('empty.cabinet')} />
    </>
  );
}
