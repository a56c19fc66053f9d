/* gzip.h — the wrappers around DEFLATE (gzip, RFC 1952; zlib, RFC 1950),
 * their checksums, and the chain of decoders an HTTP body goes through.
 *
 * Stage 1 (input) helper, between the downloads (fetch.c for pages,
 * resources.c for an EPUB's images) and the raw DEFLATE decoder
 * (inflate.c). inflate.c calls the checksum and wrapper functions for its
 * gzip and zlib formats; the downloaders hand every response header line
 * and every raw body chunk to a gzip_decoder, which undoes the response's
 * Content-Encoding (gzip, deflate, in any order, up to GZIP_MAX_CODINGS)
 * under a cap on the decoded bytes. No globals; reentrant.
 */
#ifndef FOLIO_GZIP_H
#define FOLIO_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "inflate.h"

/* ------------------------------------------------------------ checksums */

/* The tables of a slice-by-8 CRC-32: 8 KiB, filled by gzip_crc_init. */
typedef struct {
    uint32_t t[8][256];
} gzip_crc_table;

/* Fills t (the CRC-32 polynomial of RFC 1952 8). */
void gzip_crc_init(gzip_crc_table *t);

/* CRC-32 of p[0..n) continued from crc (0 to start). */
uint32_t gzip_crc32(const gzip_crc_table *t, uint32_t crc, const void *p, size_t n);

/* Adler-32 (RFC 1950 9) of p[0..n) continued from adler (1 to start). */
uint32_t gzip_adler32(uint32_t adler, const void *p, size_t n);

/* ------------------------------------------------------------- wrappers */

/* What reading a wrapper field came to. */
typedef enum {
    GZIP_MORE,     /* the bytes ran out: call again with more */
    GZIP_DONE,     /* the field is whole and good */
    GZIP_CORRUPT,  /* not a valid header */
    GZIP_CHECKSUM, /* a header CRC (FHCRC) that does not match */
} gzip_step;

/* Hands the next input byte to *c; false when there is none yet. */
typedef bool (*gzip_byte_fn)(void *ctx, unsigned *c);

/* A gzip member header being read (RFC 1952 2.3), byte by byte, across
 * any number of calls. Fields are private to gzip.c. */
typedef struct {
    const gzip_crc_table *crc; /* not owned; outlives the header */
    unsigned part;             /* the field being read */
    uint8_t head[10];          /* its bytes gathered so far */
    unsigned head_n;
    unsigned flags;    /* flags whose fields are still to come */
    size_t field_left; /* FEXTRA bytes left, or NAME/COMMENT bytes allowed */
    uint32_t head_crc; /* CRC-32 of the header so far (for FHCRC) */
} gzip_header;

/* Starts reading a member header; crc is borrowed for as long as h is used. */
void gzip_header_start(gzip_header *h, const gzip_crc_table *crc);

/* Reads header bytes from next(ctx, ...) until the header is whole
 * (GZIP_DONE), the bytes run out (GZIP_MORE) or it is refused. A FNAME or
 * FCOMMENT of 64 KiB or more is refused (GZIP_CORRUPT). */
gzip_step gzip_header_read(gzip_header *h, gzip_byte_fn next, void *ctx);

/* What the first two bytes of a zlib stream say (RFC 1950 2.2). */
typedef enum {
    GZIP_ZLIB_OK,   /* deflate, a window of at most 32 KiB, good check bits */
    GZIP_ZLIB_DICT, /* a zlib header asking for a preset dictionary */
    GZIP_ZLIB_NOT,  /* no zlib header */
} gzip_zlib_head;

gzip_zlib_head gzip_zlib_header(const uint8_t h[2]);

/* True when a gzip member trailer t (CRC-32, then ISIZE, little-endian)
 * matches the member's output checksum crc and size mod 2^32. */
bool gzip_trailer_ok(const uint8_t t[8], uint32_t crc, uint32_t isize);

/* True when a zlib trailer t (Adler-32, big-endian) matches adler. */
bool gzip_zlib_trailer_ok(const uint8_t t[4], uint32_t adler);

/* ------------------------------------------------- Content-Encoding chain
 *
 * libcurl's own decoders accept a gzip body cut off before its trailer and
 * hand back the first part as if it were whole (curl issue #3796 and later
 * reports), and stop after the first of several gzip members. So folio
 * asks curl for the raw body, sends GZIP_ACCEPT_ENCODING, and decodes here
 * by the Content-Encoding header: a damaged or truncated body is an error,
 * the cap applies to the decoded bytes as they come (a small bomb cannot
 * fill memory), and any other coding (br, zstd) is refused.
 */

/* The request header to send with every download decoded here. */
#define GZIP_ACCEPT_ENCODING "Accept-Encoding: gzip, deflate"

enum {
    GZIP_MAX_CODINGS = 4, /* more codings in a row than this are refused */
    GZIP_CODING_NAME = 24 /* an unknown coding's name is cut to this for messages */
};

/* Where decoded body bytes go: return false to stop (cap or memory). */
typedef bool (*gzip_out_fn)(void *ctx, const char *p, size_t n);

typedef struct gzip_decoder gzip_decoder;

/* One coding's decoder: its output goes to the stage below (mid), or for
 * stage 0 to the body. Private to gzip.c. */
typedef struct {
    gzip_decoder *owner; /* not owned */
    unsigned index;
    inflate_stream *z; /* owned */
    buf mid;           /* owned; stages above 0 only */
} gzip_stage;

/* The decoding of one response's body. Set up with gzip_decoder_init; it
 * must not move once the body has started (its stages point back at it).
 * Fields are private to gzip.c; ask the functions below. */
struct gzip_decoder {
    unsigned n;                         /* codings, in the order applied */
    bool gzip[GZIP_MAX_CODINGS];        /* each: gzip (else deflate) */
    gzip_stage stage[GZIP_MAX_CODINGS]; /* made by the first body bytes */
    bool started;
    bool too_many;                      /* more than GZIP_MAX_CODINGS */
    char unsupported[GZIP_CODING_NAME]; /* the first coding not understood, or "" */
    int failed;                         /* the stage that failed, or -1 */
    inflate_status why;                 /* and how */
    bool nomem;
    size_t max;      /* the cap on each stage's output */
    gzip_out_fn out; /* the body's sink (not owned) */
    void *ctx;       /* not owned */
};

/* Sets d up empty: decoded bytes go to out(ctx, ...), each stage capped at
 * max bytes. Free with gzip_decoder_free. */
void gzip_decoder_init(gzip_decoder *d, size_t max, gzip_out_fn out, void *ctx);

/* Frees d's streams and forgets its codings (d can be used again). */
void gzip_decoder_free(gzip_decoder *d);

/* Takes one response header line p[0..n) as curl hands it over: a status
 * line ("HTTP/...") starts a new response (after a redirect), so the
 * codings of the last one are forgotten; Content-Encoding lines add their
 * codings in order (RFC 9110 8.4). Other lines are ignored. */
void gzip_decoder_header(gzip_decoder *d, const char *p, size_t n);

/* Decodes n raw body bytes. False: stop the transfer (an unsupported
 * coding, damaged data, the cap, the sink said no, or out of memory). */
bool gzip_decoder_feed(gzip_decoder *d, const char *p, size_t n);

/* At the end of the body: true when every coding's stream ended there
 * (or there was no body, or no coding). */
bool gzip_decoder_finish(gzip_decoder *d);

/* True when a stage's output passed the cap. */
bool gzip_decoder_over_limit(const gzip_decoder *d);

/* True when memory ran out inside the decoder. */
bool gzip_decoder_nomem(const gzip_decoder *d);

/* True when the decoder refused the body on its own account (a coding it
 * does not decode, damaged or truncated data), not for the cap. */
bool gzip_decoder_refused(const gzip_decoder *d);

/* A static reason when gzip_decoder_refused: "truncated compressed body",
 * "damaged compressed body", "unsupported Content-Encoding"...; NULL
 * otherwise. */
const char *gzip_decoder_reason(const gzip_decoder *d);

/* The message for a refused body, with the coding's name
 * ("truncated gzip body", "unsupported Content-Encoding 'br'"), into
 * err[0..errlen); nothing when not refused. */
void gzip_decoder_message(const gzip_decoder *d, char *err, size_t errlen);

#endif
