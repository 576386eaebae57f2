import { configOrExit, parseCommandLine, readConfig, usageError } from '@app/config';
import { isValidId } from '@app/domain/stream-names';
import { signToken } from './auth/token-signer';
import { AUDITOR_ROLES, CUSTOMER_ROLES, PARTNER_ROLES } from './auth/principal';
import { readSigningJwt } from './jwt-config';

const USAGE = `Prints a development bearer token signed with the configured JWT secret.

Usage: npm run token -- (--partner <id> | --customer <id>) [--role <role>] [--user <id>] [--expires 12h]
       npm run token -- --partner <id> --role Auditor [--user <id>] [--expires 12h]
       npm run token -- --role PlatformAuditor [--user <id>] [--expires 12h]
  partner roles:  ${PARTNER_ROLES.join(', ')}
  customer roles: ${CUSTOMER_ROLES.join(', ')}
  auditor roles:  Auditor (reads one partner's relationships), PlatformAuditor (reads the whole log); both read only

Environment: JWT_SECRET (at least 32 bytes; default: the development secret), JWT_ISSUER, JWT_AUDIENCE.
`;

const commandLine = {
  name: 'token',
  usage: USAGE,
  options: {
    partner: { type: 'string' },
    customer: { type: 'string' },
    role: { type: 'string', default: 'GlobalAdmin' },
    user: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
} as const;

async function main(): Promise<void> {
  const { values } = parseCommandLine(commandLine);
  const { partner, customer } = values;
  const role = values.role!;
  const platform = role === 'PlatformAuditor';
  if (platform) {
    if (partner !== undefined || customer !== undefined) fail('--role PlatformAuditor names no --partner or --customer');
  } else if ((partner === undefined) === (customer === undefined)) fail('give exactly one of --partner <id> or --customer <id>');
  const id = platform ? 'platform' : (partner ?? customer)!;
  if (!isValidId(id)) fail(`"${id}" is not a valid id (1-64 letters, digits or dashes)`);
  const roles: readonly string[] = platform ? AUDITOR_ROLES : partner ? [...PARTNER_ROLES, 'Auditor'] : CUSTOMER_ROLES;
  if (!roles.includes(role)) fail(`--role must be one of ${roles.join(', ')}`);
  const jwt = configOrExit(() => readConfig('token', process.env, readSigningJwt));
  const claims = {
    sub: values.user ?? `${role.toLowerCase()}@${id}`,
    role,
    partnerId: partner,
    customerId: customer,
    expiresIn: values.expires,
  };
  // The secret and the claims were checked above: what signing can still refuse is the --expires period.
  const token = await signToken(jwt, claims).catch((error: Error) => fail(`--expires: ${error.message}`));
  process.stdout.write(`${token}\n`);
}

function fail(message: string): never {
  usageError(commandLine, message);
}

void main();
