import { errorMessages } from './error-messages';
import { registerTranslations } from './index';

registerTranslations('errors', errorMessages);
