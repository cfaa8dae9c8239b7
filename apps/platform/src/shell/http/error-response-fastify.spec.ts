import { BadRequestException, NotFoundException } from '@nestjs/common';
import fastify from 'fastify';
import { toErrorBody } from './error-response.filter.js';
import { JsonTooDeepError, MAX_JSON_DEPTH } from './json-depth.js';

const { FST_ERR_CTP_INVALID_JSON_BODY, FST_ERR_CTP_BODY_TOO_LARGE, FST_ERR_CTP_INVALID_MEDIA_TYPE } = fastify.errorCodes;
const INVALID_JSON = 'Le corps de la requête n’est pas un JSON valide.';

describe("toErrorBody: Fastify's refusals in French", () => {
  it('answers a malformed JSON body with a field error, as it comes or wrapped by Nest', () => {
    const expected = { statusCode: 400, code: 'validation.failed', message: INVALID_JSON, errors: [{ field: 'body', message: INVALID_JSON }] };
    expect(toErrorBody(new FST_ERR_CTP_INVALID_JSON_BODY())).toEqual(expected);
    expect(toErrorBody(new BadRequestException('bad', { cause: new FST_ERR_CTP_INVALID_JSON_BODY() }))).toEqual(expected);
    expect(toErrorBody(new SyntaxError('Unexpected token'))).toEqual(expected);
  });

  it('answers a body past the limit with 413', () => {
    expect(toErrorBody(new FST_ERR_CTP_BODY_TOO_LARGE())).toEqual({ statusCode: 413, code: 'request.too-large', message: 'La demande est trop volumineuse.' });
  });

  it('answers an over-nested body with the usual validation failure', () => {
    expect(toErrorBody(new JsonTooDeepError())).toEqual({
      statusCode: 400,
      code: 'validation.failed',
      message: 'Certains champs sont invalides.',
      errors: [{ field: '', message: `Le contenu JSON est trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus).` }],
    });
  });

  it('answers other client errors by their status, in French', () => {
    expect(toErrorBody(new FST_ERR_CTP_INVALID_MEDIA_TYPE('text/x'))).toEqual({ statusCode: 415, code: 'unsupported-media-type', message: 'Type de contenu non pris en charge.' });
    expect(toErrorBody(new NotFoundException())).toEqual({ statusCode: 404, code: 'not-found', message: 'Ressource introuvable.' });
  });
});
