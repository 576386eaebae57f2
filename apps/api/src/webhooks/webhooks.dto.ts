import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

const URL_DESCRIPTION = 'The receiver: an https URL whose host resolves to public addresses only';
const TYPES_DESCRIPTION = 'Event names from GET /v1/webhooks/event-types';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.contoso.example/csp', description: URL_DESCRIPTION, maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url!: string;
  @ApiProperty({ example: ['RelationshipRemoved', 'RelationshipEstablished'], description: TYPES_DESCRIPTION, type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes!: string[];
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://hooks.contoso.example/csp', description: URL_DESCRIPTION, maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;
  @ApiPropertyOptional({ example: ['RelationshipRemoved'], description: TYPES_DESCRIPTION, type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes?: string[];
}
