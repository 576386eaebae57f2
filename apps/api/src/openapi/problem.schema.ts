import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorSchema {
  @ApiProperty({ example: 'primaryContact.email' }) field!: string;
  @ApiProperty({ example: 'primaryContact.email must be an email' }) message!: string;
}

/** The OpenAPI shape of `Problem` (http/problem.ts): RFC 9457 members and this API's `code`, `field`, `errors`. */
export class ProblemSchema {
  @ApiProperty({
    format: 'uri-reference',
    description: 'Names the problem type; the URI answers with a page explaining the code',
    example: '/problems/validation',
  })
  type!: string;
  @ApiProperty({ description: "The HTTP status's reason phrase", example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ description: 'Stable code of the problem (see /problems)', example: 'VALIDATION' }) code!: string;
  @ApiProperty({ description: 'What went wrong in this request', example: 'primaryContact.email: primaryContact.email must be an email' })
  detail!: string;
  @ApiPropertyOptional({
    description: 'The input at fault: a body field (dotted path), a parameter or a header',
    example: 'primaryContact.email',
  })
  field?: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'Every failed field of a validation, the first one in `field`' })
  errors?: FieldErrorSchema[];
}
