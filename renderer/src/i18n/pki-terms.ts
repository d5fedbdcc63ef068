import type { TFunction } from 'i18next';
import '../identity/i18n';
import { registerTranslations } from './index';

/**
 * Names of certificate and signature facts that main reports by their standard identifiers (key usages,
 * `ECDSA with SHA-256`, report detail names), in the user's language. Algorithm and standard names stay as they are.
 */
registerTranslations('pki', {
  en: {
    with: 'with',
    dn: { CN: 'Name', O: 'Organisation', OU: 'Department', title: 'Position', serialNumber: 'Serial number', organizationIdentifier: 'Organisation identifier', C: 'Country', L: 'Locality', ST: 'Region', street: 'Street', GN: 'Given name', SN: 'Surname', givenName: 'Given name', surname: 'Surname', emailAddress: 'E-mail', E: 'E-mail', UID: 'User ID', DC: 'Domain' },
    keyUsage: {
      digitalSignature: 'digital signature',
      nonRepudiation: 'non-repudiation (content commitment)',
      keyEncipherment: 'key encipherment',
      dataEncipherment: 'data encipherment',
      keyAgreement: 'key agreement',
      keyCertSign: 'signing certificates',
      cRLSign: 'signing revocation lists',
      encipherOnly: 'encipher only',
      decipherOnly: 'decipher only',
      anyExtendedKeyUsage: 'any purpose',
      serverAuth: 'server authentication',
      clientAuth: 'client authentication',
      codeSigning: 'code signing',
      emailProtection: 'e-mail protection',
      timeStamping: 'time-stamping',
      OCSPSigning: 'signing OCSP responses',
      documentSigning: 'document signing',
      pdfAuthenticDocuments: 'signing PDF documents',
    },
    detail: {
      indication: 'Result',
      subject: 'Subject',
      issuer: 'Issuer',
      serial: 'Serial number',
      digestAlgorithm: 'Hash algorithm',
      signatureAlgorithm: 'Signature algorithm',
      algorithmBinding: 'Algorithm match',
      timestamp: 'Time-stamp',
      weakAlgorithm: 'Weak algorithm',
      validationTime: 'Checked as of',
      chain: 'Certificate chain',
      revocationSource: 'Revocation status from',
      validationData: 'Validation data',
      asicSignature: 'Signature in the container',
      asicManifest: 'Manifest in the container',
      pdfField: 'PDF signature field',
      padesLevel: 'PAdES level',
      pdfClaimedTime: 'Time claimed in the PDF',
    },
    value: {
      algorithmBinding: 'the signature algorithm matches the key and the hash algorithm',
      validationData: 'from the signature’s own validation data',
    },
    indicationValue: { 'TOTAL-PASSED': 'valid (TOTAL-PASSED)', 'TOTAL-FAILED': 'not valid (TOTAL-FAILED)', INDETERMINATE: 'not established (INDETERMINATE)' },
  },
  uk: {
    with: 'з',
    dn: { CN: 'Ім’я', O: 'Організація', OU: 'Підрозділ', title: 'Посада', serialNumber: 'Реєстраційний номер', organizationIdentifier: 'Ідентифікатор організації', C: 'Країна', L: 'Населений пункт', ST: 'Область', street: 'Вулиця', GN: 'Ім’я', SN: 'Прізвище', givenName: 'Ім’я', surname: 'Прізвище', emailAddress: 'Ел. пошта', E: 'Ел. пошта', UID: 'Ідентифікатор користувача', DC: 'Домен' },
    keyUsage: {
      digitalSignature: 'цифровий підпис',
      nonRepudiation: 'неспростовність',
      keyEncipherment: 'шифрування ключів',
      dataEncipherment: 'шифрування даних',
      keyAgreement: 'узгодження ключів',
      keyCertSign: 'підписування сертифікатів',
      cRLSign: 'підписування списків відкликаних сертифікатів',
      encipherOnly: 'лише шифрування',
      decipherOnly: 'лише розшифрування',
      anyExtendedKeyUsage: 'будь-яке призначення',
      serverAuth: 'автентифікація сервера',
      clientAuth: 'автентифікація клієнта',
      codeSigning: 'підписування програм',
      emailProtection: 'захист електронної пошти',
      timeStamping: 'позначки часу',
      OCSPSigning: 'підписування відповідей OCSP',
      documentSigning: 'підписування документів',
      pdfAuthenticDocuments: 'підписування PDF-документів',
    },
    detail: {
      indication: 'Результат',
      subject: 'Власник сертифіката',
      issuer: 'Видавець',
      serial: 'Серійний номер',
      digestAlgorithm: 'Алгоритм гешування',
      signatureAlgorithm: 'Алгоритм підпису',
      algorithmBinding: 'Відповідність алгоритмів',
      timestamp: 'Позначка часу',
      weakAlgorithm: 'Слабкий алгоритм',
      validationTime: 'Перевірено на момент',
      chain: 'Ланцюжок сертифікатів',
      revocationSource: 'Статус відкликання з',
      validationData: 'Дані для перевірки',
      asicSignature: 'Підпис у контейнері',
      asicManifest: 'Маніфест у контейнері',
      pdfField: 'Поле підпису PDF',
      padesLevel: 'Рівень PAdES',
      pdfClaimedTime: 'Час, зазначений у PDF',
    },
    value: {
      algorithmBinding: 'алгоритм підпису відповідає ключу й алгоритму гешування',
      validationData: 'із власних даних перевірки підпису',
    },
    indicationValue: { 'TOTAL-PASSED': 'чинний', 'TOTAL-FAILED': 'нечинний', INDETERMINATE: 'не встановлено' },
  },
  ru: {
    with: 'с',
    dn: { CN: 'Имя', O: 'Организация', OU: 'Подразделение', title: 'Должность', serialNumber: 'Регистрационный номер', organizationIdentifier: 'Идентификатор организации', C: 'Страна', L: 'Населённый пункт', ST: 'Область', street: 'Улица', GN: 'Имя', SN: 'Фамилия', givenName: 'Имя', surname: 'Фамилия', emailAddress: 'Эл. почта', E: 'Эл. почта', UID: 'Идентификатор пользователя', DC: 'Домен' },
    keyUsage: {
      digitalSignature: 'цифровая подпись',
      nonRepudiation: 'неотрекаемость',
      keyEncipherment: 'шифрование ключей',
      dataEncipherment: 'шифрование данных',
      keyAgreement: 'согласование ключей',
      keyCertSign: 'подпись сертификатов',
      cRLSign: 'подпись списков отозванных сертификатов',
      encipherOnly: 'только шифрование',
      decipherOnly: 'только расшифрование',
      anyExtendedKeyUsage: 'любое назначение',
      serverAuth: 'аутентификация сервера',
      clientAuth: 'аутентификация клиента',
      codeSigning: 'подпись программ',
      emailProtection: 'защита электронной почты',
      timeStamping: 'метки времени',
      OCSPSigning: 'подпись ответов OCSP',
      documentSigning: 'подпись документов',
      pdfAuthenticDocuments: 'подпись PDF-документов',
    },
    detail: {
      indication: 'Результат',
      subject: 'Владелец сертификата',
      issuer: 'Издатель',
      serial: 'Серийный номер',
      digestAlgorithm: 'Алгоритм хеширования',
      signatureAlgorithm: 'Алгоритм подписи',
      algorithmBinding: 'Соответствие алгоритмов',
      timestamp: 'Метка времени',
      weakAlgorithm: 'Слабый алгоритм',
      validationTime: 'Проверено на момент',
      chain: 'Цепочка сертификатов',
      revocationSource: 'Статус отзыва из',
      validationData: 'Данные для проверки',
      asicSignature: 'Подпись в контейнере',
      asicManifest: 'Манифест в контейнере',
      pdfField: 'Поле подписи PDF',
      padesLevel: 'Уровень PAdES',
      pdfClaimedTime: 'Время, указанное в PDF',
    },
    value: {
      algorithmBinding: 'алгоритм подписи соответствует ключу и алгоритму хеширования',
      validationData: 'из собственных данных проверки подписи',
    },
    indicationValue: { 'TOTAL-PASSED': 'действительна', 'TOTAL-FAILED': 'недействительна', INDETERMINATE: 'не установлено' },
  },
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** `ECDSA with SHA-256` → `ECDSA з SHA-256`; `ecdsa-with-SHA256` → `ECDSA з SHA256`; `sha256WithRSAEncryption` → `RSA з SHA256`. */
export function algorithmLabel(t: TFunction, name: string): string {
  const joiner = ` ${t('pki:with')} `;
  const oidStyle = /^(sha\d+)WithRSAEncryption$/i.exec(name);
  if (oidStyle) return `RSA${joiner}${oidStyle[1]!.toUpperCase()}`;
  const ecdsa = /^ecdsa-with-(SHA\d+)$/i.exec(name);
  if (ecdsa) return `ECDSA${joiner}${ecdsa[1]!.toUpperCase()}`;
  return name.replace(/ with /g, joiner);
}

/** A key usage or extended key usage name (`digitalSignature`, `timeStamping`), translated; unknown OIDs as they are. */
export function keyUsageLabel(t: TFunction, name: string): string {
  return t(`pki:keyUsage.${name}`, { defaultValue: name });
}

/** A subject identifier's name (`EDRPOU` → ЄДРПОУ in Ukrainian), from the one table the cabinet, History and Verify use. */
export function identifierLabel(t: TFunction, name: string): string {
  return t(`identity:name.${name}`, { defaultValue: name });
}

/** A technical detail of a verification report: its name and value in the user's language (dates per locale). */
export function reportDetail(t: TFunction, language: string, name: string, value: string): { term: string; value: string } {
  const term = t(`pki:detail.${name}`, { defaultValue: name });
  if (ISO_DATE.test(value)) return { term, value: new Date(value).toLocaleString(language) };
  if (name === 'algorithmBinding' || name === 'validationData') return { term, value: t(`pki:value.${name}`) };
  if (name === 'indication') return { term, value: t(`pki:indicationValue.${value}`, { defaultValue: value }) };
  if (name === 'issuer' || name === 'subject') return { term, value: distinguishedName(t, value) };
  if (name === 'chain') return { term, value: value.split(' → ').map(personOf).join(' → ') };
  if (name === 'signatureAlgorithm' || name === 'digestAlgorithm') return { term, value: algorithmLabel(t, value) };
  return { term, value };
}

/** `CN=Іван, O=ТОВ Ромашка` → its attributes in order (escaped commas kept inside values). */
export function dnAttributes(dn: string): Array<[string, string]> {
  return dn
    .split(/,(?=\s*[A-Za-z][\w.-]*=)/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const cut = part.indexOf('=');
      return cut < 0 ? ['', part] : [part.slice(0, cut).trim(), part.slice(cut + 1).trim().replace(/\\(.)/g, '$1')];
    });
}

/** ETSI EN 319 412-1 semantics identifiers: `NTRUA-12345678` is an EDRPOU, `TINUA-1234567890` an RNOKPP. */
const SEMANTIC_PREFIX: Record<string, string> = { NTRUA: 'EDRPOU', TINUA: 'RNOKPP', PNOUA: 'RNOKPP', INNRU: 'INN', OGRRU: 'OGRN' };

/** A distinguished name as the user reads it: each attribute by its localized label, identifiers by their names. */
export function distinguishedName(t: TFunction, dn: string): string {
  return dnAttributes(dn)
    .map(([type, value]) => {
      const semantic = /^([A-Z]{5})-(.+)$/.exec(value);
      const identifier = semantic ? SEMANTIC_PREFIX[semantic[1]!] : undefined;
      if (identifier) return `${identifierLabel(t, identifier)}: ${semantic![2]}`;
      return type ? `${t(`pki:dn.${type}`, { defaultValue: type })}: ${value}` : value;
    })
    .join('; ');
}

/** The person (CN) and organisation (O) of a distinguished name, for headings: `Іван Бондар (ТОВ Ромашка)`. */
export function personOf(dn: string): string {
  const attributes = dnAttributes(dn);
  const name = attributes.find(([type]) => type === 'CN')?.[1];
  const organisation = attributes.find(([type]) => type === 'O')?.[1];
  if (!name) return dn;
  return organisation && organisation !== name ? `${name} (${organisation})` : name;
}
