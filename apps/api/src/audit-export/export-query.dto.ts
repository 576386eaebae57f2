import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsId } from '../http/common.dto';

/** What an export may be asked for; exactly one of the three (checked with the auditor's role, `exportRequestOf`). */
export class ExportQuery {
  @ApiPropertyOptional({ description: 'Every stream with an event about this customer', example: 'c-contoso' })
  @IsOptional()
  @IsId()
  customer?: string;

  @ApiPropertyOptional({
    description: 'Every stream with an event about this partner (an Auditor: its own partner only)',
    example: 'p-fabrikam',
  })
  @IsOptional()
  @IsId()
  partner?: string;

  @ApiPropertyOptional({ enum: ['true'], description: 'true: the whole log (PlatformAuditor only)' })
  @IsOptional()
  @IsIn(['true'], { message: '$property must be true' })
  all?: 'true';
}
