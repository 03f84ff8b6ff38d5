import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Answers smaller than this (bytes) go as they are: they fit in one packet either way. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Compresses the answers of the routes `scope` registers after this call (JSON, CSV) with brotli
 * or gzip, as the request's Accept-Encoding prefers, when they are at least
 * {@link COMPRESS_THRESHOLD_BYTES}; smaller ones and clients that accept neither get identity.
 * The session event stream is left alone (its route opts out, and it writes to the socket
 * itself): each event must reach the till the moment it is written. Request bodies are not
 * decompressed: the API takes plain JSON and CSV only, as before.
 */
export async function compressAnswers(scope: FastifyInstance): Promise<void> {
  await scope.register(fastifyCompress, {
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    globalDecompression: false,
  });
}
