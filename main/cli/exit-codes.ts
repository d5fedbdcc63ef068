import { ERROR_CODES, type ErrorCode } from '../../preload/contract/errors';

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_ENVIRONMENT = 3;

/** ../shared/CLI.md: 1 a check failed, 2 usage or input error, 3 environment error. */
export function exitCodeFor(code: ErrorCode): number {
  switch (ERROR_CODES[code]) {
    case 'check':
      return EXIT_CHECK_FAILED;
    case 'environment':
      return EXIT_ENVIRONMENT;
    case 'usage':
      return EXIT_USAGE;
    case 'internal':
      return EXIT_ENVIRONMENT;
  }
}
