import { registerTranslations, type Translations } from '../../i18n/index';
import '../../i18n/errors';
import { en } from './i18n-en';
import { ru } from './i18n-ru';
import { uk } from './i18n-uk';

registerTranslations('cabinet', { en, uk, ru } as unknown as Translations);
