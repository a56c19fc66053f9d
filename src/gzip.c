/* gzip.c — gzip and zlib wrappers, CRC-32 and Adler-32, and the chain of
 * Content-Encoding decoders; see gzip.h.
 *
 * Stage 1 (input) helper. inflate.c decodes raw DEFLATE and calls the
 * wrapper functions here for the bytes around it (headers, trailers) and
 * the checksums for what it has decoded. fetch.c and resources.c feed a
 * gzip_decoder their response headers and raw bodies; it runs one
 * inflate_stream per coding, the last coding applied undone first, a
 * slice at a time, so no stage ever holds more than one slice decodes to.
 */
#include "gzip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Internal limits. */
enum {
    ADLER_MOD = 65521,
    ADLER_BLOCK = 5552,       /* bytes before the Adler-32 sums must be reduced */
    MAX_HEADER_FIELD = 65536, /* a longer gzip FNAME or FCOMMENT is refused */
    DECODE_SLICE = 16384,     /* raw bytes decoded at a time through a chain */
};

/* ------------------------------------------------------------ checksums */

void gzip_crc_init(gzip_crc_table *tab)
{
    uint32_t(*t)[256] = tab->t;
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][n] = c;
    }
    for (int k = 1; k < 8; k++)
        for (uint32_t n = 0; n < 256; n++)
            t[k][n] = t[0][t[k - 1][n] & 0xFF] ^ (t[k - 1][n] >> 8);
}

/* Eight bytes a step (slice-by-8), then one at a time. */
uint32_t gzip_crc32(const gzip_crc_table *tab, uint32_t crc, const void *data, size_t n)
{
    const uint32_t(*t)[256] = tab->t;
    const uint8_t *p = data;
    crc = ~crc;
    for (; n >= 8; p += 8, n -= 8) {
        uint32_t a = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                            (uint32_t)p[3] << 24);
        uint32_t b =
            (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
        crc = t[7][a & 0xFF] ^ t[6][(a >> 8) & 0xFF] ^ t[5][(a >> 16) & 0xFF] ^ t[4][a >> 24] ^
              t[3][b & 0xFF] ^ t[2][(b >> 8) & 0xFF] ^ t[1][(b >> 16) & 0xFF] ^ t[0][b >> 24];
    }
    while (n--)
        crc = t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

uint32_t gzip_adler32(uint32_t adler, const void *data, size_t n)
{
    const uint8_t *p = data;
    uint32_t a = adler & 0xFFFF, b = adler >> 16;
    while (n > 0) {
        size_t k = n < ADLER_BLOCK ? n : ADLER_BLOCK;
        n -= k;
        while (k--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    return b << 16 | a;
}

/* ------------------------------------------------------------- wrappers */

/* gzip header flags (RFC 1952 2.3.1). */
enum { F_HCRC = 2, F_EXTRA = 4, F_NAME = 8, F_COMMENT = 16, F_RESERVED = 0xE0 };

/* The parts of a gzip header, in the order they come. */
enum { P_FIXED, P_XLEN, P_EXTRA, P_NAME, P_COMMENT, P_HCRC, P_DONE };

void gzip_header_start(gzip_header *h, const gzip_crc_table *crc)
{
    memset(h, 0, sizeof *h);
    h->crc = crc;
    h->part = P_FIXED;
}

/* The next header field still to read, or P_DONE. */
static void next_field(gzip_header *h)
{
    static const struct {
        unsigned flag, part;
    } order[] = {{F_EXTRA, P_XLEN}, {F_NAME, P_NAME}, {F_COMMENT, P_COMMENT}, {F_HCRC, P_HCRC}};
    h->head_n = 0;
    h->field_left = MAX_HEADER_FIELD;
    h->part = P_DONE;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (h->flags & order[i].flag) {
            h->flags &= ~order[i].flag;
            h->part = order[i].part;
            return;
        }
}

/* A header byte, counted in the header's CRC (for FHCRC). */
static bool header_byte(gzip_header *h, gzip_byte_fn next, void *ctx, unsigned *c)
{
    if (!next(ctx, c))
        return false;
    uint8_t b = (uint8_t)*c;
    h->head_crc = gzip_crc32(h->crc, h->head_crc, &b, 1);
    return true;
}

/* Up to want bytes into head[]; true once there are want. */
static bool gather(gzip_header *h, gzip_byte_fn next, void *ctx, unsigned want)
{
    unsigned c;
    while (h->head_n < want && header_byte(h, next, ctx, &c))
        h->head[h->head_n++] = (uint8_t)c;
    return h->head_n == want;
}

/* One part of the header: GZIP_DONE when it is read (the next is set). */
static gzip_step header_part(gzip_header *h, gzip_byte_fn next, void *ctx)
{
    unsigned c;
    switch (h->part) {
    case P_FIXED:
        if (!gather(h, next, ctx, 10))
            return GZIP_MORE;
        if (h->head[0] != 0x1F || h->head[1] != 0x8B || h->head[2] != 8 ||
            (h->head[3] & F_RESERVED))
            return GZIP_CORRUPT;
        h->flags = h->head[3];
        break;
    case P_XLEN:
        if (!gather(h, next, ctx, 2))
            return GZIP_MORE;
        h->field_left = (size_t)h->head[0] | (size_t)h->head[1] << 8;
        h->part = P_EXTRA;
        return GZIP_DONE;
    case P_EXTRA:
        while (h->field_left > 0 && header_byte(h, next, ctx, &c))
            h->field_left--;
        if (h->field_left > 0)
            return GZIP_MORE;
        break;
    case P_NAME:
    case P_COMMENT:
        for (;;) {
            if (!header_byte(h, next, ctx, &c))
                return GZIP_MORE;
            if (c == 0)
                break;
            if (--h->field_left == 0)
                return GZIP_CORRUPT;
        }
        break;
    default: /* P_HCRC: the low 16 bits of the CRC-32 of what came before */
        while (h->head_n < 2 && next(ctx, &c))
            h->head[h->head_n++] = (uint8_t)c;
        if (h->head_n < 2)
            return GZIP_MORE;
        if (((unsigned)h->head[0] | (unsigned)h->head[1] << 8) != (h->head_crc & 0xFFFF))
            return GZIP_CHECKSUM;
        break;
    }
    next_field(h);
    return GZIP_DONE;
}

gzip_step gzip_header_read(gzip_header *h, gzip_byte_fn next, void *ctx)
{
    while (h->part != P_DONE) {
        gzip_step st = header_part(h, next, ctx);
        if (st != GZIP_DONE)
            return st;
    }
    return GZIP_DONE;
}

gzip_zlib_head gzip_zlib_header(const uint8_t h[2])
{
    if ((h[0] & 0x0F) != 8 || (h[0] >> 4) > 7 || ((unsigned)h[0] * 256 + h[1]) % 31 != 0)
        return GZIP_ZLIB_NOT;
    return h[1] & 0x20 ? GZIP_ZLIB_DICT : GZIP_ZLIB_OK; /* FDICT: a dictionary we lack */
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool gzip_trailer_ok(const uint8_t t[8], uint32_t crc, uint32_t isize)
{
    return le32(t) == crc && le32(t + 4) == isize;
}

bool gzip_zlib_trailer_ok(const uint8_t t[4], uint32_t adler)
{
    return ((uint32_t)t[0] << 24 | (uint32_t)t[1] << 16 | (uint32_t)t[2] << 8 | t[3]) == adler;
}

/* ------------------------------------------------- Content-Encoding chain */

void gzip_decoder_init(gzip_decoder *d, size_t max, gzip_out_fn out, void *ctx)
{
    memset(d, 0, sizeof *d);
    d->failed = -1;
    d->max = max;
    d->out = out;
    d->ctx = ctx;
}

void gzip_decoder_free(gzip_decoder *d)
{
    for (unsigned i = 0; i < GZIP_MAX_CODINGS; i++) {
        inflate_free(d->stage[i].z);
        buf_free(&d->stage[i].mid);
    }
    gzip_decoder_init(d, d->max, d->out, d->ctx);
}

/* Adds one coding c[0..n) (white space trimmed) of a Content-Encoding.
 * Its name is kept in lower case for the message, with '?' for anything
 * but printable ASCII (the server chose those bytes). */
static void add_coding(gzip_decoder *d, const char *c, size_t n)
{
    char name[GZIP_CODING_NAME];
    size_t k = n < sizeof name - 1 ? n : sizeof name - 1;
    for (size_t i = 0; i < k; i++) {
        unsigned char ch = (unsigned char)c[i];
        name[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch < 0x20 || ch > 0x7E ? '?' : ch);
    }
    name[k] = '\0';
    bool gzip = k == n && (strcmp(name, "gzip") == 0 || strcmp(name, "x-gzip") == 0);
    bool deflate = k == n && strcmp(name, "deflate") == 0;
    if (n == 0 || (k == n && strcmp(name, "identity") == 0))
        return;
    if (!gzip && !deflate) {
        if (!*d->unsupported)
            memcpy(d->unsupported, name, k + 1);
    } else if (d->n == GZIP_MAX_CODINGS) {
        d->too_many = true;
    } else {
        d->gzip[d->n++] = gzip;
    }
}

/* Reads a Content-Encoding value v[0..vn): codings separated by commas. */
static void add_codings(gzip_decoder *d, const char *v, size_t vn)
{
    const char *p = v, *end = v + vn;
    while (p < end) {
        const char *b = p, *e;
        while (p < end && *p != ',')
            p++;
        e = p;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        add_coding(d, b, (size_t)(e - b));
        if (p < end)
            p++; /* the comma */
    }
}

void gzip_decoder_header(gzip_decoder *d, const char *p, size_t n)
{
    static const char name[] = "content-encoding:";
    size_t k = sizeof name - 1;
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        gzip_decoder_free(d);
        return;
    }
    if (n <= k || strncasecmp(p, name, k) != 0)
        return;
    const char *b = p + k, *e = p + n;
    while (e > b && (e[-1] == '\r' || e[-1] == '\n'))
        e--;
    add_codings(d, b, (size_t)(e - b));
}

/* Stage output: into the next stage's input, or the body. */
static bool stage_out(void *ctx, const unsigned char *p, size_t n)
{
    gzip_stage *st = ctx;
    if (st->index == 0)
        return st->owner->out(st->owner->ctx, (const char *)p, n);
    if (!buf_append(&st->mid, (const char *)p, n)) {
        st->owner->nomem = true;
        return false;
    }
    return true;
}

/* Makes a decoder per coding, as the body starts. False when a coding is
 * not one folio decodes, or out of memory. */
static bool start(gzip_decoder *d)
{
    d->started = true;
    if (*d->unsupported || d->too_many)
        return false;
    for (unsigned i = 0; i < d->n; i++) {
        gzip_stage *st = &d->stage[i];
        st->owner = d;
        st->index = i;
        st->z = inflate_new(d->gzip[i] ? INFLATE_GZIP : INFLATE_DEFLATE, d->max, stage_out, st);
        if (!st->z) {
            d->nomem = true;
            return false;
        }
    }
    return true;
}

/* Notes how stage i ended when it failed on its own (not when its output
 * was refused, which the refuser notes). */
static bool stage_status(gzip_decoder *d, unsigned i, inflate_status st)
{
    if (st == INFLATE_OK)
        return true;
    if (st != INFLATE_STOPPED && d->failed < 0) {
        d->failed = (int)i;
        d->why = st;
    }
    return false;
}

/* The raw bytes go to the top stage, each stage's output (mid) to the one
 * below, a slice at a time. */
bool gzip_decoder_feed(gzip_decoder *d, const char *p, size_t n)
{
    if (!d->started && !start(d))
        return false;
    if (d->n == 0)
        return d->out(d->ctx, p, n);
    for (size_t off = 0; off < n; off += DECODE_SLICE) {
        const char *q = p + off;
        size_t k = n - off < DECODE_SLICE ? n - off : DECODE_SLICE;
        for (unsigned i = d->n; i-- > 0;) {
            if (!stage_status(d, i, inflate_feed(d->stage[i].z, q, k)))
                return false;
            if (i > 0) {
                q = d->stage[i].mid.data;
                k = d->stage[i].mid.len;
            }
            if (i + 1 < d->n)
                buf_truncate(&d->stage[i + 1].mid, 0); /* stage i has its bytes now */
        }
    }
    return true;
}

bool gzip_decoder_finish(gzip_decoder *d)
{
    if (!d->started)
        return true; /* no body at all */
    for (unsigned i = d->n; i-- > 0;)
        if (!stage_status(d, i, inflate_finish(d->stage[i].z)))
            return false;
    return true;
}

bool gzip_decoder_over_limit(const gzip_decoder *d)
{
    return d->failed >= 0 && d->why == INFLATE_LIMIT;
}

bool gzip_decoder_nomem(const gzip_decoder *d)
{
    return d->nomem;
}

bool gzip_decoder_refused(const gzip_decoder *d)
{
    return *d->unsupported || d->too_many || (d->failed >= 0 && d->why != INFLATE_LIMIT);
}

const char *gzip_decoder_reason(const gzip_decoder *d)
{
    if (*d->unsupported)
        return "unsupported Content-Encoding";
    if (d->too_many)
        return "too many Content-Encodings";
    if (d->failed < 0 || d->why == INFLATE_LIMIT)
        return NULL;
    if (d->why == INFLATE_TRUNCATED)
        return "truncated compressed body";
    if (d->why == INFLATE_CHECKSUM)
        return "damaged compressed body (checksum mismatch)";
    return "damaged compressed body";
}

void gzip_decoder_message(const gzip_decoder *d, char *err, size_t errlen)
{
    if (!err || errlen == 0 || !gzip_decoder_refused(d))
        return;
    if (*d->unsupported) {
        snprintf(err, errlen, "unsupported Content-Encoding '%s'", d->unsupported);
    } else if (d->too_many) {
        snprintf(err, errlen, "more than %d Content-Encodings", GZIP_MAX_CODINGS);
    } else {
        const char *name = d->gzip[d->failed] ? "gzip" : "deflate";
        if (d->why == INFLATE_TRUNCATED)
            snprintf(err, errlen, "truncated %s body", name);
        else if (d->why == INFLATE_CHECKSUM)
            snprintf(err, errlen, "damaged %s body (checksum mismatch)", name);
        else
            snprintf(err, errlen, "damaged %s body", name);
    }
}
