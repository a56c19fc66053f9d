/* inflate.h — a streaming decoder for DEFLATE (RFC 1951) and its gzip
 * (RFC 1952) and zlib (RFC 1950) wrappers.
 *
 * Stage 1 (input) helper: gzip.c's decoder chain (for fetch.c and
 * resources.c) feeds it an HTTP body in the chunks curl delivers when the
 * server sent Content-Encoding gzip or deflate; the wrappers' fields and
 * checksums are read by gzip.c (gzip.h), the DEFLATE data here. Decoded
 * bytes go to a callback as they come, under a cap on their total, so a
 * small compressed "bomb" stops at the cap. A body that ends before its
 * stream does (truncation), damaged data and a wrong checksum are told
 * apart. No allocation but the stream itself; no globals; reentrant.
 */
#ifndef FOLIO_INFLATE_H
#define FOLIO_INFLATE_H

#include <stdbool.h>
#include <stddef.h>

/* The wrapper around the DEFLATE data. */
typedef enum {
    INFLATE_GZIP,    /* RFC 1952; several members in a row are one stream */
    INFLATE_ZLIB,    /* RFC 1950 */
    INFLATE_RAW,     /* bare RFC 1951 */
    INFLATE_DEFLATE, /* HTTP "deflate": zlib, or raw when the first two bytes
                        are no zlib header (servers that send it bare) */
} inflate_format;

/* What a stream has come to. Every status but INFLATE_OK is final: later
 * calls return it again and do nothing. */
typedef enum {
    INFLATE_OK = 0,    /* so far so good (or, from inflate_finish, complete) */
    INFLATE_CORRUPT,   /* not valid data in this format */
    INFLATE_CHECKSUM,  /* valid data, but a CRC-32, ISIZE or Adler-32 differs */
    INFLATE_TRUNCATED, /* inflate_finish: the input ended inside the stream */
    INFLATE_LIMIT,     /* the output would pass max_out */
    INFLATE_STOPPED,   /* the sink returned false */
} inflate_status;

/* Receives n decoded bytes (n > 0; p valid only during the call). Return
 * false to stop the stream (it then reports INFLATE_STOPPED). */
typedef bool (*inflate_sink_fn)(void *ctx, const unsigned char *p, size_t n);

/* One stream being decoded; opaque. */
typedef struct inflate_stream inflate_stream;

/* A new stream of format fmt that hands its output to sink(ctx, ...), at
 * most max_out bytes in all. About 330 KiB, freed with inflate_free; NULL
 * when out of memory. */
inflate_stream *inflate_new(inflate_format fmt, size_t max_out, inflate_sink_fn sink, void *ctx);

/* Decodes the next n bytes of input (any split of the input is fine, n may
 * be 0). The sink is called zero or more times before it returns. Bytes
 * after the end of the stream are ignored (for gzip: after the last member,
 * when they do not start another). Returns INFLATE_OK or a final status. */
inflate_status inflate_feed(inflate_stream *s, const void *in, size_t n);

/* Says the input has ended: INFLATE_OK when the stream was complete (for
 * gzip: at least one member, each whole), INFLATE_TRUNCATED when it stopped
 * inside, or the final status already reached. */
inflate_status inflate_finish(inflate_stream *s);

/* Bytes handed to the sink so far. */
unsigned long long inflate_total_out(const inflate_stream *s);

/* Frees s (NULL is fine). */
void inflate_free(inflate_stream *s);

/* A few words on a status, for messages: "damaged", "truncated", ... */
const char *inflate_status_text(inflate_status st);

#endif
