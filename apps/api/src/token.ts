import { parseArgs } from 'node:util';
import { isValidId } from '@app/domain/stream-names';
import { signToken } from './auth/token-signer';
import { CUSTOMER_ROLES, PARTNER_ROLES } from './auth/principal';
import { loadConfig } from './config';

/** `npm run token -- --partner <id> --role <role> [--customer <id>] [--user <id>] [--expires 12h]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      partner: { type: 'string' },
      customer: { type: 'string' },
      role: { type: 'string', default: 'GlobalAdmin' },
      user: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
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
