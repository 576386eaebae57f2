import { Controller, Get, Header, Param } from '@nestjs/common';
import { AnswersText } from '../openapi/answers.decorator';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ForAudience } from '../auth/auth.decorators';
import { ProblemException, problem } from '../http/problem';
import { Refuses } from '../openapi/refuses.decorator';
import { problemTypes } from './problem-catalogue';
import { httpStatusProblem, problemIndexPage, problemPage } from './problem-page';

const HTML = 'text/html; charset=utf-8';

/** The pages a problem document's `type` URI names: public, generated from the catalogue. */
@ApiTags('problems')
@ForAudience('public')
@Controller('problems')
export class ProblemTypesController {
  @Get()
  @AnswersText(200, 'Every code, linked to its page', '<!doctype html>\n<html lang="en">…<h1>Problem types</h1>…')
  @Header('content-type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Every problem type of this API, with its status and meaning (HTML)' })
  listProblemTypes(): string {
    return problemIndexPage();
  }

  @Get(':slug')
  @AnswersText(200, 'What the code means', '<!doctype html>\n<html lang="en">…<h1><code>RELATIONSHIP.ALREADY_ACTIVE</code></h1>…')
  @Header('content-type', HTML)
  @ApiProduces('text/html')
  @ApiParam({ name: 'slug', description: "The last segment of a problem's `type`", example: 'relationship-already-active' })
  @ApiOperation({ summary: 'What one problem type means (HTML): the page its `type` URI names' })
  @Refuses('NOT_FOUND')
  getProblemType(@Param('slug') slug: string): string {
    const type = problemTypes.get(slug) ?? httpStatusProblem(slug);
    if (!type) throw new ProblemException(problem(404, 'NOT_FOUND', 'No problem type of this API has this name.', { field: 'slug' }));
    return problemPage(type);
  }
}
