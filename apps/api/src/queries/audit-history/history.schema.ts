import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The OpenAPI shape of one history entry (`HistoryEntry`). */
export class HistoryEntrySchema {
  @ApiProperty({ description: 'Commit position in the log (decimal string)', example: '48213' }) position!: string;
  @ApiProperty({ example: 'customer-c-contoso' }) stream!: string;
  @ApiProperty({ description: 'Revision of the event in its stream', example: 7 }) revision!: number;
  @ApiProperty({ example: 'RelationshipRemoved' }) type!: string;
  @ApiProperty({
    description: "The version of the type that `data` has, as written (the event catalogue has each version's schema)",
    example: 1,
  })
  schemaVersion!: number;
  @ApiProperty({ description: 'When the store recorded the event', example: '2026-03-01T10:00:00.000Z' }) time!: string;
  @ApiProperty({
    description: 'Who caused it, from the metadata: kind (partner, customer, system), partnerId or customerId, userId, role; or process',
    example: { kind: 'partner', partnerId: 'p-fabrikam', userId: 'u-1', role: 'GlobalAdmin' },
    nullable: true,
    type: 'object',
    additionalProperties: true,
  })
  actor!: Record<string, unknown> | null;
  @ApiPropertyOptional({ description: 'The reason the event gives, where it has one', example: 'contract ended' }) reason?: string;
  @ApiPropertyOptional({
    description: 'The confirmations the event records, where it has them',
    example: { goodFaithConfirmed: true, noticeResponsibilityConfirmed: true },
    type: 'object',
    additionalProperties: { type: 'boolean' },
  })
  confirmations?: Record<string, boolean>;
  @ApiProperty({ type: String, nullable: true, example: '8f0c3c1e-4c1a-4a57-9a4e-2a8f0b1d9c11' }) correlationId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '8f0c3c1e-4c1a-4a57-9a4e-2a8f0b1d9c11' }) causationId!: string | null;
  @ApiProperty({ type: String, description: 'The command that appended it', nullable: true, example: 'RemoveRelationship' }) command!:
    string | null;
  @ApiProperty({
    description: "The event's data exactly as stored, at its `schemaVersion` (never upcast)",
    type: 'object',
    additionalProperties: true,
    example: {
      customerId: 'c-contoso',
      partnerId: 'p-fabrikam',
      reason: 'contract ended',
      goodFaithConfirmed: true,
      noticeResponsibilityConfirmed: true,
      removedBy: 'u-1',
      removedAt: '2026-03-01T10:00:00.000Z',
    },
  })
  data!: unknown;
}

export class HistoryPageSchema {
  @ApiProperty({ type: [HistoryEntrySchema] }) items!: HistoryEntrySchema[];
  @ApiPropertyOptional({ description: 'Pass back as `cursor` for the next page; absent on the last page', example: 'eyJwIjoiNDgyMTMifQ' })
  nextCursor?: string;
}
