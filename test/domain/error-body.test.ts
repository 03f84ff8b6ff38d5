import { describe, expect, it } from 'vitest';
import { errorFromApi, readErrorBody } from '../../src/domain/api/error-body.js';
import { PosError } from '../../src/domain/pos-error.js';

describe('errorFromApi', () => {
  it('keeps the API code, message, status and field of a validation error', () => {
    const error = errorFromApi(400, {
      error: { code: 'validation_failed', message: 'name: too long', field: 'name' },
    });
    expect(error).toBeInstanceOf(PosError);
    expect({ code: error.code, message: error.message, status: error.status, field: error.field }).toEqual({
      code: 'validation_failed',
      message: 'name: too long',
      status: 400,
      field: 'name',
    });
  });

  it('a 4xx whose body has no code is a bad_response, not a made-up bad_request or unauthorized', () => {
    for (const body of [
      { error: { message: 'no code' } },
      { error: 'denied' },
      { message: 'x' },
      undefined,
      null,
      'text',
    ]) {
      expect(errorFromApi(401, body).code).toBe('bad_response');
      expect(errorFromApi(404, body).code).toBe('bad_response');
    }
  });

  it("a 5xx with a proxy's HTML page is a server_error whose message never carries the page's text", () => {
    // fetchJson and the clients give undefined for a body that is not JSON.
    const error = errorFromApi(502, undefined);
    expect(error.code).toBe('server_error');
    expect(error.status).toBe(502);
    expect(error.message).toBe('The server answered 502 with no API error body.');
    expect(errorFromApi(503, '<html><body>Bad gateway</body></html>').message).not.toContain('html');
  });

  it('a code this client does not know is not passed on as if it were one of ours', () => {
    const error = errorFromApi(409, { error: { code: 'from_a_newer_server', message: 'new rule' } });
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('from_a_newer_server');
    expect(errorFromApi(500, { error: { code: 'from_a_newer_server', message: 'x' } }).code).toBe(
      'server_error',
    );
  });

  it('a missing message becomes the code, and an empty field is left out', () => {
    const error = errorFromApi(429, { error: { code: 'rate_limited', field: '' } });
    expect(error.message).toBe('rate_limited');
    expect(error.field).toBeUndefined();
    expect('field' in error).toBe(false);
  });

  it('keeps the line, column and reason of each bad row of a refused CSV, so the back office can list them', () => {
    const details = [
      { line: 3, column: 'price', reason: 'price', message: 'a price cannot be negative' },
      {
        line: 4,
        column: 'name',
        reason: 'duplicate_in_file',
        otherLine: 3,
        message: 'the name is also on line 3',
      },
    ];
    const error = errorFromApi(422, { error: { code: 'invalid_csv', message: '1 bad row', details } });
    expect({ code: error.code, status: error.status, details: error.details }).toEqual({
      code: 'invalid_csv',
      status: 422,
      details,
    });
    expect(error.toBody().error.details).toEqual(details);
    const malformed = errorFromApi(422, {
      error: { code: 'invalid_csv', message: 'm', details: [{ line: 'x' }] },
    });
    expect('details' in malformed).toBe(false);
    // A reason this client does not know is read as an unknown code is: the list is left out.
    const unknown = errorFromApi(422, {
      error: {
        code: 'invalid_csv',
        message: 'm',
        details: [{ ...details[0], reason: 'from_a_newer_server' }],
      },
    });
    expect('details' in unknown).toBe(false);
  });
});

describe('readErrorBody', () => {
  it('reads any code string, so the sync runner can keep a code it does not know on the order', () => {
    expect(readErrorBody({ error: { code: 'from_a_newer_server', message: 'm' } })).toEqual({
      code: 'from_a_newer_server',
      message: 'm',
    });
  });
  it('gives null for a body without the shape', () => {
    for (const body of [
      undefined,
      null,
      42,
      'text',
      {},
      { error: null },
      { error: { code: 7 } },
      { error: { code: '' } },
    ]) {
      expect(readErrorBody(body)).toBeNull();
    }
  });
});
