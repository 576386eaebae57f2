import { configOrExit, parseCommandLine, readConfig, usageError } from '@app/config';
import { isValidId } from '@app/domain/stream-names';
import { signToken } from './auth/token-signer';
import { CUSTOMER_ROLES, PARTNER_ROLES } from './auth/principal';
import { readSigningJwt } from './jwt-config';

const USAGE = `Prints a development bearer token signed with the configured JWT secret.

Usage: npm run token -- (--partner <id> | --customer <id>) [--role <role>] [--user <id>] [--expires 12h]
  partner roles:  ${PARTNER_ROLES.join(', ')}
  customer roles: ${CUSTOMER_ROLES.join(', ')}

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
  const { partner, customer, role } = values;
  if ((partner === undefined) === (customer === undefined)) fail('give exactly one of --partner <id> or --customer <id>');
  const id = (partner ?? customer)!;
  if (!isValidId(id)) fail(`"${id}" is not a valid id (1-64 letters, digits or dashes)`);
  const roles: readonly string[] = partner ? PARTNER_ROLES : CUSTOMER_ROLES;
  if (!roles.includes(role!)) fail(`--role must be one of ${roles.join(', ')}`);
  const jwt = configOrExit(() => readConfig('token', process.env, readSigningJwt));
  const claims = { sub: values.user ?? `${role!.toLowerCase()}@${id}`, role: role!, partnerId: partner, customerId: customer, expiresIn: values.expires };
  // The secret and the claims were checked above: what signing can still refuse is the --expires period.
  const token = await signToken(jwt, claims).catch((error: Error) => fail(`--expires: ${error.message}`));
  process.stdout.write(`${token}\n`);
}

function fail(message: string): never {
  usageError(commandLine, message);
}

void main();
