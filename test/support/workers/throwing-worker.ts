import { ConfigError } from '../../../src/errors/config-error.js';
import { ErrorCodes } from '../../../src/errors/error-codes.js';

/** A worker module that throws while it is imported. */
throw new ConfigError(ErrorCodes.INVALID_ARGUMENT, 'thrown while importing throwing-worker');
