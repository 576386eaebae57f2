import { parseArgs } from 'node:util';
import { isValidId } from '@app/domain/stream-names';
import { signToken } from './auth/token-signer';
import { CUSTOMER_ROLES, PARTNER_ROLES } from './auth/principal';
import { loadConfig } from './config';

const USAGE = `Prints a development bearer token signed with the configured JWT secret.

Usage: npm run token -- (--partner <id> | --customer <id>) [--role <role>] [--user <id>] [--expires 12h]
  partner roles:  ${PARTNER_ROLES.join(', ')}
  customer roles: ${CUSTOMER_ROLES.join(', ')}
`;

function parse() {
  try {
    return parseArgs({
      options: {
        partner: { type: 'string' },
        customer: { type: 'string' },
        role: { type: 'string', default: 'GlobalAdmin' },
        user: { type: 'string' },
        expires: { type: 'string', default: '12h' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const { values } = parse();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { partner, customer, role } = values;
  if ((partner === undefined) === (customer === undefined)) fail('give exactly one of --partner <id> or --customer <id>');
  const id = (partner ?? customer)!;
  if (!isValidId(id)) fail(`"${id}" is not a valid id (1-64 letters, digits or dashes)`);
  const roles: readonly string[] = partner ? PARTNER_ROLES : CUSTOMER_ROLES;
  if (!roles.includes(role!)) fail(`--role must be one of ${roles.join(', ')}`);
  const token = await signToken(loadConfig().jwt, {
    sub: values.user ?? `${role!.toLowerCase()}@${id}`,
    role: role!,
    partnerId: partner,
    customerId: customer,
    expiresIn: values.expires,
  });
  process.stdout.write(`${token}\n`);
}

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

void main();
