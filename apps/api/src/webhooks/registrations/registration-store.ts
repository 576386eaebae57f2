import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { serializeTransactions } from '@app/sql';
import type { LogPosition } from '@app/read-models/projection';
import { newSigningSecret } from '../delivery/signature';
import { WEBHOOK_TABLES } from '../webhook-tables';
import type { SecretCipher } from './secret-cipher';

const { registrations, outbox, attempts } = WEBHOOK_TABLES;

/** A registration as its partner sees it (never with a secret). */
export interface WebhookRegistration {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** While a rotation's overlap lasts: when the replaced secret stops signing. */
  readonly previousSecretExpiresAt?: string;
}

export interface RegistrationRow {
  id: string;
  partner_id: string;
  url: string;
  event_types: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_expires_at: number | string | null;
  after_commit: number | string;
  after_prepare: number | string;
  created_at: string;
  updated_at: string;
}

function view(row: RegistrationRow, now: number): WebhookRegistration {
  const expires = row.previous_expires_at === null ? undefined : Number(row.previous_expires_at);
  return {
    id: row.id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.previous_secret_sealed && expires !== undefined && expires > now
      ? { previousSecretExpiresAt: new Date(expires).toISOString() }
      : {}),
  };
}

/**
 * Registrations per partner. Every read and write names the partner, so another partner's id finds nothing (and the
 * controller answers 404 exactly as for an unknown id).
 */
export class RegistrationStore {
  constructor(
    private readonly db: Kysely<any>,
    private readonly cipher: SecretCipher,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Registers a webhook, unless the partner already has `limit` (then undefined). Two requests at once (two tabs, two
   * API instances) must not both pass the count, so a partner's registrations are made one at a time.
   */
  async create(
    partnerId: string,
    url: string,
    eventTypes: readonly string[],
    after: LogPosition | undefined,
    limit: number,
  ): Promise<{ registration: WebhookRegistration; secret: string } | undefined> {
    const id = randomUUID();
    const secret = newSigningSecret();
    const at = new Date(this.clock()).toISOString();
    const row: RegistrationRow = {
      id,
      partner_id: partnerId,
      url,
      event_types: JSON.stringify(eventTypes),
      secret_sealed: this.cipher.seal(id, secret),
      previous_secret_sealed: null,
      previous_expires_at: null,
      after_commit: after?.commit ?? -1,
      after_prepare: after?.prepare ?? -1,
      created_at: at,
      updated_at: at,
    };
    const created = await this.db.transaction().execute(async (trx) => {
      await serializeTransactions(this.db, trx, `webhooks:${partnerId}`);
      const count = await trx
        .selectFrom(registrations)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('partner_id', '=', partnerId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= limit) return false;
      await trx.insertInto(registrations).values(row).execute();
      return true;
    });
    return created ? { registration: view(row, this.clock()), secret } : undefined;
  }

  async list(partnerId: string): Promise<WebhookRegistration[]> {
    const rows = await this.db
      .selectFrom(registrations)
      .selectAll()
      .where('partner_id', '=', partnerId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => view(row as RegistrationRow, this.clock()));
  }

  async find(partnerId: string, id: string): Promise<WebhookRegistration | undefined> {
    const row = await this.db
      .selectFrom(registrations)
      .selectAll()
      .where('partner_id', '=', partnerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && view(row as RegistrationRow, this.clock());
  }

  async update(
    partnerId: string,
    id: string,
    patch: { url?: string; eventTypes?: readonly string[] },
  ): Promise<WebhookRegistration | undefined> {
    const result = await this.db
      .updateTable(registrations)
      .set({
        ...(patch.url === undefined ? {} : { url: patch.url }),
        ...(patch.eventTypes === undefined ? {} : { event_types: JSON.stringify(patch.eventTypes) }),
        updated_at: new Date(this.clock()).toISOString(),
      })
      .where('partner_id', '=', partnerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? this.find(partnerId, id) : undefined;
  }

  /** Deletes the registration with its pending deliveries, dead letters and delivery log; false when there was none. */
  async remove(partnerId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom(registrations).where('partner_id', '=', partnerId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await trx.deleteFrom(outbox).where('webhook_id', '=', id).execute();
      await trx.deleteFrom(attempts).where('webhook_id', '=', id).execute();
      return true;
    });
  }

  /**
   * A new secret (returned once); the current one keeps signing beside it for `overlapMs`. One statement moves the
   * current secret aside, so two rotations at once apply one after the other, each replacing what the other left.
   */
  async rotate(
    partnerId: string,
    id: string,
    overlapMs: number,
  ): Promise<{ registration: WebhookRegistration; secret: string } | undefined> {
    const secret = newSigningSecret();
    const now = this.clock();
    const row = await this.db
      .updateTable(registrations)
      .set((eb) => ({
        previous_secret_sealed: overlapMs > 0 ? eb.ref('secret_sealed') : null,
        previous_expires_at: overlapMs > 0 ? now + overlapMs : null,
        secret_sealed: this.cipher.seal(id, secret),
        updated_at: new Date(now).toISOString(),
      }))
      .where('partner_id', '=', partnerId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && { registration: view(row as RegistrationRow, now), secret };
  }

  /** The secrets that sign a delivery now: the current one, and the replaced one while its overlap lasts. */
  signingSecrets(row: Pick<RegistrationRow, 'id' | 'secret_sealed' | 'previous_secret_sealed' | 'previous_expires_at'>): string[] {
    const secrets = [this.cipher.open(row.id, row.secret_sealed)];
    if (row.previous_secret_sealed && Number(row.previous_expires_at) > this.clock())
      secrets.push(this.cipher.open(row.id, row.previous_secret_sealed));
    return secrets;
  }
}
