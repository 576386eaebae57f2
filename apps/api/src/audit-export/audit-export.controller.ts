import { Readable } from 'node:stream';
import { Controller, Get, Inject, Query, Res, type OnApplicationShutdown } from '@nestjs/common';
import { AnswersText } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { FastifyReply } from 'fastify';
import type { AuditSigningKey } from '@app/audit';
import { queryExportStreams } from '@app/read-models';
import { CurrentPrincipal, ForAudience } from '../auth/auth.decorators';
import type { AuditorPrincipal } from '../auth/principal';
import { AUDIT_SIGNING_KEY } from './audit-signing-key.provider';
import { exportRequestOf, notFound } from './export-selection';
import { ExportQuery } from './export-query.dto';
import { exportLines, planExport, type ExportIndex } from './export-lines';
import { ExportThreads } from './export-threads';
import { ReadModels } from '../queries/shared/read-models.service';
import { ReadYourWrites } from '../http/read-your-writes';
import { RESOURCES } from '../infrastructure/resources.module';
import type { Resources } from '../infrastructure/resources';

@ApiTags('audit')
@Controller()
export class AuditExportController implements OnApplicationShutdown {
  private readonly threads: ExportThreads;

  constructor(
    private readonly client: EventStoreDBClient,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    private readonly readModels: ReadModels,
    @Inject(RESOURCES) resources: Resources,
  ) {
    this.threads = new ExportThreads(resources.connectionString);
  }

  onApplicationShutdown(): Promise<void> {
    return this.threads.close();
  }

  /** The audit index's part of a customer's or partner's export plan (what it knows, up to where it has read). */
  private readonly index: ExportIndex = (scope, reader, through) =>
    queryExportStreams(this.readModels.db, this.readModels.tables, scope, reader, through);

  @Get('v1/audit/export')
  @AnswersText(
    200,
    'One stored event per line, then one line per stream with its head, then the signed manifest',
    '{"stream":"customer-c-contoso","revision":0,"position":"48213","type":"CustomerAdded","data":{…},"metadata":{…}}\n{"head":"customer-c-contoso","revision":0,"position":"48213","hash":"…"}\n{"manifest":{…},"signature":"…"}\n',
  )
  @Refuses('NOT_FOUND')
  // Read from the store itself: always current, X-Min-Position is accepted and its form checked.
  @ReadYourWrites('stream')
  @ForAudience('auditor')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary:
      "A signed NDJSON export of every event of one customer's or one partner's streams, or of the whole log (PlatformAuditor): one stored event per line, a redacted line (its chain link only) for an event an Auditor may not see, then each stream's head line, then the manifest signed with the audit key. Verify offline with `npm run audit -- verify`.",
  })
  async exportAuditEvents(
    @CurrentPrincipal() auditor: AuditorPrincipal,
    @Query() query: ExportQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const request = exportRequestOf(query, auditor);
    const plan = await planExport(this.client, request, this.index);
    if (!plan) throw notFound(request.scope.kind === 'all' ? 'customer' : request.scope.kind);
    const body = Readable.from(
      exportLines({ client: this.client, threads: this.threads }, plan, this.key, () => new Date()),
      { objectMode: false },
    );
    await reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(body);
  }

  @Get('.well-known/audit-public-key.pem')
  @AnswersText(200, 'The public key, PEM', '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n')
  @ForAudience('public')
  @ApiProduces('application/x-pem-file')
  @ApiOperation({ summary: "The deployment's Ed25519 audit public key (PEM, SPKI): what export manifests are verified with" })
  getAuditPublicKey(@Res() reply: FastifyReply): void {
    void reply.header('content-type', 'application/x-pem-file').header('cache-control', 'no-cache').send(this.key.publicKeyPem);
  }
}
