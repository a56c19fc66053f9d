/* test_inflate.c — the DEFLATE decoder, its gzip and zlib wrappers and
 * gzip.c's checksums and Content-Encoding chain:
 * vectors made with Python's zlib module (embedded below), every block
 * type, several members, checksums, truncation at every byte, streams
 * made bit by bit here (bombs, distances too far back, bad codes), a
 * window slide, and random garbage that must never crash.
 *
 * The vectors were made with Python 3's zlib and gzip modules:
 * raw_stored = compressobj(0, DEFLATED, -15) of stored_txt; raw_fixed =
 * compressobj(9, DEFLATED, -15, 9, Z_FIXED) of fixed_txt; raw_dynamic =
 * compressobj(9, DEFLATED, -15) of dyn_txt; gzip_dynamic =
 * gzip.compress(dyn_txt, 9, mtime=0); zlib_dynamic = zlib.compress(dyn_txt,
 * 9); gzip_two_members = gzip.compress(b"first member, ", 9, mtime=0) +
 * gzip.compress(b"second member.", 0, mtime=0).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gzip.h"
#include "harness.h"
#include "inflate.h"

static const char stored_txt[] = "Stored, not squeezed: the tide log of Kelvik.";

static const char fixed_txt[] = "abcabcabcabc tide tide tide, the tide log, the tide log";

static const char dyn_txt[] =
    "The harbour town of Kelvik has kept a tide log since 1871, and every morning"
    " a volunteer still climbs the stone steps of the old pilot house to read the"
    " brass gauge and write the figure in a ledger by hand. The ledger, the gauge"
    ", the steps: the town keeps them all.";

static const unsigned char raw_stored[] = {
    0x01, 0x2d, 0x00, 0xd2, 0xff, 0x53, 0x74, 0x6f, 0x72, 0x65, 0x64, 0x2c, 0x20,
    0x6e, 0x6f, 0x74, 0x20, 0x73, 0x71, 0x75, 0x65, 0x65, 0x7a, 0x65, 0x64, 0x3a,
    0x20, 0x74, 0x68, 0x65, 0x20, 0x74, 0x69, 0x64, 0x65, 0x20, 0x6c, 0x6f, 0x67,
    0x20, 0x6f, 0x66, 0x20, 0x4b, 0x65, 0x6c, 0x76, 0x69, 0x6b, 0x2e,
};

static const unsigned char raw_fixed[] = {
    0x4b, 0x4c, 0x4a, 0x4e, 0x84, 0x21, 0x85, 0x92, 0xcc, 0x94, 0x54, 0x04,
    0xa1, 0xa3, 0x50, 0x92, 0x01, 0xe5, 0xe6, 0xe4, 0xa7, 0xa3, 0xf2, 0x00,
};

static const unsigned char raw_dynamic[] = {
    0x2d, 0x8f, 0x51, 0x8e, 0xc3, 0x30, 0x08, 0x44, 0xaf, 0x32, 0x07, 0x88, 0x2a, 0xf5, 0x6b, 0xab,
    0x5e, 0x61, 0x7f, 0x7b, 0x01, 0xa7, 0xa6, 0x0e, 0x0a, 0x31, 0x11, 0xd8, 0xa9, 0x7a, 0xfb, 0x12,
    0xef, 0xfe, 0x20, 0x98, 0x01, 0xbd, 0xe1, 0xb1, 0x10, 0x96, 0x64, 0xb3, 0x76, 0x43, 0xd3, 0x77,
    0x85, 0xbe, 0xf0, 0x4b, 0x72, 0xf0, 0x1a, 0xb2, 0x63, 0xa5, 0xbd, 0x21, 0xa1, 0x71, 0x26, 0x88,
    0x16, 0x38, 0xd7, 0x27, 0xe1, 0x7a, 0xfb, 0xb9, 0x4e, 0x48, 0x35, 0x83, 0x0e, 0xb2, 0x0f, 0x36,
    0xb5, 0xca, 0xb5, 0xc4, 0xe2, 0xa1, 0xd2, 0x6b, 0x23, 0x32, 0x78, 0x63, 0x11, 0x3c, 0x85, 0xb7,
    0xd9, 0xd1, 0x82, 0xe2, 0x4d, 0xeb, 0x59, 0x69, 0xf7, 0x13, 0x72, 0x4a, 0x2a, 0x19, 0x3b, 0x8b,
    0x36, 0x2c, 0xda, 0x9d, 0x22, 0x00, 0x8c, 0x52, 0x1e, 0xde, 0x6c, 0xc9, 0x1d, 0x25, 0xf5, 0x42,
    0x83, 0xf4, 0x36, 0x6e, 0x34, 0x9c, 0x17, 0x97, 0x6e, 0x04, 0xae, 0xc1, 0x13, 0xca, 0x25, 0x60,
    0xf3, 0x27, 0xd2, 0xd6, 0x7c, 0xc1, 0x23, 0xfc, 0x3f, 0x6d, 0x1a, 0xbb, 0xe3, 0x7e, 0xfa, 0xe7,
    0x07, 0xf9, 0x3e, 0xda, 0xf1, 0xe8, 0x4a, 0x67, 0x92, 0x18, 0x37, 0x24, 0x91, 0xcb, 0x17,
};

static const unsigned char gzip_dynamic[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2d, 0x8f, 0x51, 0x8e, 0xc3,
    0x30, 0x08, 0x44, 0xaf, 0x32, 0x07, 0x88, 0x2a, 0xf5, 0x6b, 0xab, 0x5e, 0x61, 0x7f, 0x7b,
    0x01, 0xa7, 0xa6, 0x0e, 0x0a, 0x31, 0x11, 0xd8, 0xa9, 0x7a, 0xfb, 0x12, 0xef, 0xfe, 0x20,
    0x98, 0x01, 0xbd, 0xe1, 0xb1, 0x10, 0x96, 0x64, 0xb3, 0x76, 0x43, 0xd3, 0x77, 0x85, 0xbe,
    0xf0, 0x4b, 0x72, 0xf0, 0x1a, 0xb2, 0x63, 0xa5, 0xbd, 0x21, 0xa1, 0x71, 0x26, 0x88, 0x16,
    0x38, 0xd7, 0x27, 0xe1, 0x7a, 0xfb, 0xb9, 0x4e, 0x48, 0x35, 0x83, 0x0e, 0xb2, 0x0f, 0x36,
    0xb5, 0xca, 0xb5, 0xc4, 0xe2, 0xa1, 0xd2, 0x6b, 0x23, 0x32, 0x78, 0x63, 0x11, 0x3c, 0x85,
    0xb7, 0xd9, 0xd1, 0x82, 0xe2, 0x4d, 0xeb, 0x59, 0x69, 0xf7, 0x13, 0x72, 0x4a, 0x2a, 0x19,
    0x3b, 0x8b, 0x36, 0x2c, 0xda, 0x9d, 0x22, 0x00, 0x8c, 0x52, 0x1e, 0xde, 0x6c, 0xc9, 0x1d,
    0x25, 0xf5, 0x42, 0x83, 0xf4, 0x36, 0x6e, 0x34, 0x9c, 0x17, 0x97, 0x6e, 0x04, 0xae, 0xc1,
    0x13, 0xca, 0x25, 0x60, 0xf3, 0x27, 0xd2, 0xd6, 0x7c, 0xc1, 0x23, 0xfc, 0x3f, 0x6d, 0x1a,
    0xbb, 0xe3, 0x7e, 0xfa, 0xe7, 0x07, 0xf9, 0x3e, 0xda, 0xf1, 0xe8, 0x4a, 0x67, 0x92, 0x18,
    0x37, 0x24, 0x91, 0xcb, 0x17, 0x61, 0x33, 0x28, 0x2f, 0x09, 0x01, 0x00, 0x00,
};

static const unsigned char zlib_dynamic[] = {
    0x78, 0xda, 0x2d, 0x8f, 0x51, 0x8e, 0xc3, 0x30, 0x08, 0x44, 0xaf, 0x32, 0x07, 0x88, 0x2a, 0xf5,
    0x6b, 0xab, 0x5e, 0x61, 0x7f, 0x7b, 0x01, 0xa7, 0xa6, 0x0e, 0x0a, 0x31, 0x11, 0xd8, 0xa9, 0x7a,
    0xfb, 0x12, 0xef, 0xfe, 0x20, 0x98, 0x01, 0xbd, 0xe1, 0xb1, 0x10, 0x96, 0x64, 0xb3, 0x76, 0x43,
    0xd3, 0x77, 0x85, 0xbe, 0xf0, 0x4b, 0x72, 0xf0, 0x1a, 0xb2, 0x63, 0xa5, 0xbd, 0x21, 0xa1, 0x71,
    0x26, 0x88, 0x16, 0x38, 0xd7, 0x27, 0xe1, 0x7a, 0xfb, 0xb9, 0x4e, 0x48, 0x35, 0x83, 0x0e, 0xb2,
    0x0f, 0x36, 0xb5, 0xca, 0xb5, 0xc4, 0xe2, 0xa1, 0xd2, 0x6b, 0x23, 0x32, 0x78, 0x63, 0x11, 0x3c,
    0x85, 0xb7, 0xd9, 0xd1, 0x82, 0xe2, 0x4d, 0xeb, 0x59, 0x69, 0xf7, 0x13, 0x72, 0x4a, 0x2a, 0x19,
    0x3b, 0x8b, 0x36, 0x2c, 0xda, 0x9d, 0x22, 0x00, 0x8c, 0x52, 0x1e, 0xde, 0x6c, 0xc9, 0x1d, 0x25,
    0xf5, 0x42, 0x83, 0xf4, 0x36, 0x6e, 0x34, 0x9c, 0x17, 0x97, 0x6e, 0x04, 0xae, 0xc1, 0x13, 0xca,
    0x25, 0x60, 0xf3, 0x27, 0xd2, 0xd6, 0x7c, 0xc1, 0x23, 0xfc, 0x3f, 0x6d, 0x1a, 0xbb, 0xe3, 0x7e,
    0xfa, 0xe7, 0x07, 0xf9, 0x3e, 0xda, 0xf1, 0xe8, 0x4a, 0x67, 0x92, 0x18, 0x37, 0x24, 0x91, 0xcb,
    0x17, 0xc9, 0x5e, 0x5d, 0xa3,
};

static const unsigned char gzip_two_members[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xcb, 0x2c, 0x2a, 0x2e,
    0x51, 0xc8, 0x4d, 0xcd, 0x4d, 0x4a, 0x2d, 0xd2, 0x51, 0x00, 0x00, 0xde, 0xff, 0x0a, 0x62,
    0x0e, 0x00, 0x00, 0x00, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x03, 0x01,
    0x0e, 0x00, 0xf1, 0xff, 0x73, 0x65, 0x63, 0x6f, 0x6e, 0x64, 0x20, 0x6d, 0x65, 0x6d, 0x62,
    0x65, 0x72, 0x2e, 0xe7, 0xfc, 0x48, 0x32, 0x0e, 0x00, 0x00, 0x00,
};

/* ------------------------------------------------------------- helpers */

/* Collects the output; stops after stop_at bytes when that is not 0. */
typedef struct {
    buf out;
    size_t stop_at;
} collector;

static bool collect(void *ctx, const unsigned char *p, size_t n)
{
    collector *c = ctx;
    if (n == 0)
        return false; /* the sink is never called with nothing */
    buf_append(&c->out, (const char *)p, n);
    return c->stop_at == 0 || c->out.len < c->stop_at;
}

/* Decodes in[0..n) fed `chunk` bytes at a time (0: all at once) under cap,
 * into c (the caller frees c->out); the status of inflate_finish. */
static inflate_status decode(inflate_format fmt, const void *in, size_t n, size_t chunk, size_t cap,
                             collector *c)
{
    const unsigned char *p = in;
    inflate_stream *s = inflate_new(fmt, cap, collect, c);
    if (!s)
        return INFLATE_STOPPED;
    inflate_status st = INFLATE_OK;
    size_t step = chunk ? chunk : n;
    for (size_t off = 0; off < n && st == INFLATE_OK; off += step)
        st = inflate_feed(s, p + off, n - off < step ? n - off : step);
    st = inflate_finish(s);
    CHECK(inflate_total_out(s) == c->out.len || st == INFLATE_STOPPED);
    inflate_free(s);
    return st;
}

/* True when in decodes (whole, and in chunks of 1 to 9 bytes) to want. */
static bool decodes_to(inflate_format fmt, const void *in, size_t n, const char *want, size_t wn)
{
    bool ok = true;
    for (size_t chunk = 0; chunk <= 9; chunk++) {
        collector c = {BUF_INIT, 0};
        inflate_status st = decode(fmt, in, n, chunk, (size_t)1 << 30, &c);
        ok &= st == INFLATE_OK && c.out.len == wn && memcmp(c.out.data, want, wn) == 0;
        buf_free(&c.out);
    }
    return ok;
}

static inflate_status status_of(inflate_format fmt, const void *in, size_t n)
{
    collector c = {BUF_INIT, 0};
    inflate_status st = decode(fmt, in, n, 0, (size_t)1 << 30, &c);
    buf_free(&c.out);
    return st;
}

/* Writes a DEFLATE stream bit by bit. */
typedef struct {
    buf b;
    uint32_t acc;
    unsigned n;
} bitw;

/* value's low n bits, first bit first (header fields, extra bits). */
static void put_bits(bitw *w, uint32_t value, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        w->acc |= ((value >> i) & 1u) << w->n;
        if (++w->n == 8) {
            buf_putc(&w->b, (char)w->acc);
            w->acc = 0;
            w->n = 0;
        }
    }
}

/* A Huffman code: its most significant bit first. */
static void put_code(bitw *w, uint32_t code, unsigned len)
{
    for (unsigned i = len; i-- > 0;)
        put_bits(w, (code >> i) & 1u, 1);
}

static void put_flush(bitw *w)
{
    if (w->n)
        put_bits(w, 0, 8 - w->n);
}

/* Fixed codes (RFC 1951 3.2.6). */
static void fixed_lit(bitw *w, unsigned sym)
{
    if (sym < 144)
        put_code(w, 0x30 + sym, 8);
    else if (sym < 256)
        put_code(w, 0x190 + sym - 144, 9);
    else if (sym < 280)
        put_code(w, sym - 256, 7);
    else
        put_code(w, 0xC0 + sym - 280, 8);
}

/* A length 258, distance d match in a fixed block (d < 5: no extra bits,
 * or d = 32768: code 29 with 13 extra bits). */
static void fixed_match_258(bitw *w, unsigned d)
{
    fixed_lit(w, 285);
    if (d <= 4) {
        put_code(w, d - 1, 5);
    } else {
        put_code(w, 29, 5);
        put_bits(w, d - 24577, 13);
    }
}

/* CRC-32 bit by bit, to make gzip headers and trailers here. */
static uint32_t crc32_of(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
}

static void put_le32(buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        buf_putc(b, (char)(v >> (8 * i)));
}

/* A small deterministic generator (xorshift32) for garbage. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* --------------------------------------------------------------- tests */

static void test_vectors(void)
{
    CHECK(
        decodes_to(INFLATE_RAW, raw_stored, sizeof raw_stored, stored_txt, sizeof stored_txt - 1));
    CHECK(decodes_to(INFLATE_RAW, raw_fixed, sizeof raw_fixed, fixed_txt, sizeof fixed_txt - 1));
    CHECK(decodes_to(INFLATE_RAW, raw_dynamic, sizeof raw_dynamic, dyn_txt, sizeof dyn_txt - 1));
    CHECK(decodes_to(INFLATE_GZIP, gzip_dynamic, sizeof gzip_dynamic, dyn_txt, sizeof dyn_txt - 1));
    CHECK(decodes_to(INFLATE_ZLIB, zlib_dynamic, sizeof zlib_dynamic, dyn_txt, sizeof dyn_txt - 1));
    /* HTTP "deflate": zlib as RFC 9110 says, or bare */
    CHECK(decodes_to(INFLATE_DEFLATE, zlib_dynamic, sizeof zlib_dynamic, dyn_txt,
                     sizeof dyn_txt - 1));
    CHECK(
        decodes_to(INFLATE_DEFLATE, raw_dynamic, sizeof raw_dynamic, dyn_txt, sizeof dyn_txt - 1));
    CHECK(decodes_to(INFLATE_DEFLATE, raw_stored, sizeof raw_stored, stored_txt,
                     sizeof stored_txt - 1));
    const char two[] = "first member, second member.";
    CHECK(decodes_to(INFLATE_GZIP, gzip_two_members, sizeof gzip_two_members, two, sizeof two - 1));
    /* the wrong wrapper */
    CHECK(status_of(INFLATE_ZLIB, raw_dynamic, sizeof raw_dynamic) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_GZIP, zlib_dynamic, sizeof zlib_dynamic) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_GZIP, raw_dynamic, sizeof raw_dynamic) == INFLATE_CORRUPT);
}

/* A copy of v with byte i xor-ed with x. */
static inflate_status status_flipped(inflate_format fmt, const unsigned char *v, size_t n, size_t i,
                                     unsigned char x)
{
    unsigned char *c = malloc(n);
    if (!c)
        return INFLATE_STOPPED;
    memcpy(c, v, n);
    c[i] ^= x;
    inflate_status st = status_of(fmt, c, n);
    free(c);
    return st;
}

static void test_checksums(void)
{
    size_t g = sizeof gzip_dynamic, z = sizeof zlib_dynamic, m = sizeof gzip_two_members;
    CHECK(status_flipped(INFLATE_GZIP, gzip_dynamic, g, g - 8, 1) == INFLATE_CHECKSUM); /* CRC */
    CHECK(status_flipped(INFLATE_GZIP, gzip_dynamic, g, g - 1, 1) == INFLATE_CHECKSUM); /* ISIZE */
    CHECK(status_flipped(INFLATE_ZLIB, zlib_dynamic, z, z - 1, 1) == INFLATE_CHECKSUM);
    CHECK(status_flipped(INFLATE_DEFLATE, zlib_dynamic, z, z - 4, 0x80) == INFLATE_CHECKSUM);
    /* the second member's CRC */
    CHECK(status_flipped(INFLATE_GZIP, gzip_two_members, m, m - 5, 2) == INFLATE_CHECKSUM);
    /* MTIME and OS are not checked */
    CHECK(status_flipped(INFLATE_GZIP, gzip_dynamic, g, 5, 0x40) == INFLATE_OK);
    CHECK(status_flipped(INFLATE_GZIP, gzip_dynamic, g, 9, 0x01) == INFLATE_OK);
}

/* A gzip member of fixed_txt with FEXTRA, FNAME, FCOMMENT and FHCRC; the
 * header CRC off by `bad`. */
static void gzip_with_fields(buf *b, unsigned bad)
{
    static const unsigned char head[] = {0x1F, 0x8B, 8,   2 | 4 | 8 | 16,
                                         0,    0,    0,   0,
                                         0,    255,  5,   0,
                                         'x',  'y',  1,   2,
                                         3,    'n',  'a', 'm',
                                         'e',  0,    'c', 0};
    buf_append(b, (const char *)head, sizeof head);
    uint32_t hcrc = crc32_of(head, sizeof head) ^ bad;
    buf_putc(b, (char)(hcrc & 0xFF));
    buf_putc(b, (char)(hcrc >> 8));
    buf_append(b, (const char *)raw_fixed, sizeof raw_fixed);
    put_le32(b, crc32_of(fixed_txt, sizeof fixed_txt - 1));
    put_le32(b, (uint32_t)(sizeof fixed_txt - 1));
}

static void test_gzip_header(void)
{
    buf b = BUF_INIT;
    gzip_with_fields(&b, 0);
    CHECK(decodes_to(INFLATE_GZIP, b.data, b.len, fixed_txt, sizeof fixed_txt - 1));
    buf_free(&b);
    gzip_with_fields(&b, 1);
    CHECK(status_of(INFLATE_GZIP, b.data, b.len) == INFLATE_CHECKSUM);
    buf_free(&b);
    static const unsigned char bad_magic[] = {0x1F, 0x8C, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0},
                               bad_method[] = {0x1F, 0x8B, 7, 0, 0, 0, 0, 0, 0, 3, 3, 0},
                               reserved[] = {0x1F, 0x8B, 8, 0x20, 0, 0, 0, 0, 0, 3, 3, 0};
    CHECK(status_of(INFLATE_GZIP, bad_magic, sizeof bad_magic) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_GZIP, bad_method, sizeof bad_method) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_GZIP, reserved, sizeof reserved) == INFLATE_CORRUPT);
    /* a name that never ends: truncated, then refused past its limit */
    unsigned char named[10 + 70000] = {0x1F, 0x8B, 8, 8};
    memset(named + 10, 'n', sizeof named - 10);
    CHECK(status_of(INFLATE_GZIP, named, 100) == INFLATE_TRUNCATED);
    CHECK(status_of(INFLATE_GZIP, named, sizeof named) == INFLATE_CORRUPT);
}

static void test_zlib_header(void)
{
    static const unsigned char bad_check[] = {0x78, 0x9D, 3, 0},
                               dict[] = {0x78, 0x20, 0, 0, 0, 1, 3, 0},
                               big_window[] = {0x88, 0x1C, 3, 0};
    CHECK(status_of(INFLATE_ZLIB, bad_check, sizeof bad_check) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_ZLIB, dict, sizeof dict) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_DEFLATE, dict, sizeof dict) == INFLATE_CORRUPT);
    CHECK(status_of(INFLATE_ZLIB, big_window, sizeof big_window) == INFLATE_CORRUPT);
}

/* Every proper prefix of v must end truncated or corrupt, never complete
 * (but for `whole`, a prefix that is itself a whole stream), and what came
 * out must be the start of want. */
static bool prefixes_fail(inflate_format fmt, const unsigned char *v, size_t n, const char *want,
                          size_t wn, const char *whole)
{
    bool ok = true;
    for (size_t cut = 0; cut < n; cut++) {
        for (size_t chunk = 0; chunk <= 3; chunk += 3) {
            collector c = {BUF_INIT, 0};
            inflate_status st = decode(fmt, v, cut, chunk, (size_t)1 << 30, &c);
            bool prefix =
                c.out.len <= wn && (c.out.len == 0 || memcmp(c.out.data, want, c.out.len) == 0);
            bool good = st == INFLATE_TRUNCATED || st == INFLATE_CORRUPT ||
                        (st == INFLATE_OK && whole && c.out.len == strlen(whole) &&
                         memcmp(c.out.data, whole, c.out.len) == 0);
            if (!good || !prefix)
                fprintf(stderr, "prefix of %zu bytes (chunk %zu): status %d\n", cut, chunk, st);
            ok &= good && prefix;
            buf_free(&c.out);
        }
    }
    return ok;
}

static void test_truncation(void)
{
    size_t s = sizeof stored_txt - 1, f = sizeof fixed_txt - 1, d = sizeof dyn_txt - 1;
    CHECK(prefixes_fail(INFLATE_RAW, raw_stored, sizeof raw_stored, stored_txt, s, NULL));
    CHECK(prefixes_fail(INFLATE_RAW, raw_fixed, sizeof raw_fixed, fixed_txt, f, NULL));
    CHECK(prefixes_fail(INFLATE_RAW, raw_dynamic, sizeof raw_dynamic, dyn_txt, d, NULL));
    CHECK(prefixes_fail(INFLATE_GZIP, gzip_dynamic, sizeof gzip_dynamic, dyn_txt, d, NULL));
    CHECK(prefixes_fail(INFLATE_ZLIB, zlib_dynamic, sizeof zlib_dynamic, dyn_txt, d, NULL));
    CHECK(prefixes_fail(INFLATE_DEFLATE, zlib_dynamic, sizeof zlib_dynamic, dyn_txt, d, NULL));
    const char two[] = "first member, second member.";
    CHECK(prefixes_fail(INFLATE_GZIP, gzip_two_members, sizeof gzip_two_members, two,
                        sizeof two - 1, "first member, "));
    /* bytes after the end: ignored; a second member just begun: truncated */
    buf b = BUF_INIT;
    buf_append(&b, (const char *)gzip_dynamic, sizeof gzip_dynamic);
    buf_append(&b, "junk", 4);
    CHECK(decodes_to(INFLATE_GZIP, b.data, b.len, dyn_txt, d));
    buf_truncate(&b, sizeof gzip_dynamic);
    buf_append(&b, "\x1f", 1);
    CHECK(status_of(INFLATE_GZIP, b.data, b.len) == INFLATE_TRUNCATED);
    buf_free(&b);
}

/* A final fixed block: 'a', then `matches` copies of 258 bytes at
 * distance d, then the end of block. */
static void fixed_block(bitw *w, unsigned matches, unsigned d)
{
    put_bits(w, 1, 1);
    put_bits(w, 1, 2);
    fixed_lit(w, 'a');
    for (unsigned i = 0; i < matches; i++)
        fixed_match_258(w, d);
    fixed_lit(w, 256);
    put_flush(w);
}

static void test_bomb(void)
{
    bitw w = {BUF_INIT, 0, 0};
    fixed_block(&w, 10000, 1); /* 2,580,001 bytes from 16 KB */
    size_t whole = 1 + (size_t)258 * 10000;
    collector c = {BUF_INIT, 0};
    CHECK(decode(INFLATE_RAW, w.b.data, w.b.len, 7, 1000000, &c) == INFLATE_LIMIT);
    CHECK(c.out.len <= 1000000);
    buf_free(&c.out);
    CHECK(decode(INFLATE_RAW, w.b.data, w.b.len, 0, whole, &c) == INFLATE_OK);
    CHECK(c.out.len == whole);
    bool all_a = c.out.len == whole;
    for (size_t i = 0; all_a && i < whole; i++)
        all_a = c.out.data[i] == 'a';
    CHECK(all_a);
    buf_free(&c.out);
    CHECK(decode(INFLATE_RAW, w.b.data, w.b.len, 0, whole - 1, &c) == INFLATE_LIMIT);
    buf_free(&c.out);
    buf_free(&w.b);
}

/* A stored block of 40000 bytes, then matches 32768 back: the window
 * slides several times and must keep its last 32 KiB. */
static void test_window(void)
{
    enum { STORED = 40000, MATCHES = 2000, FAR = 32768 };
    bitw w = {BUF_INIT, 0, 0};
    uint32_t r = 12345;
    put_bits(&w, 0, 1);
    put_bits(&w, 0, 2);
    put_flush(&w);
    put_bits(&w, STORED, 16);
    put_bits(&w, ~(uint32_t)STORED & 0xFFFF, 16);
    for (int i = 0; i < STORED; i++)
        put_bits(&w, next_random(&r) & 0xFF, 8);
    put_bits(&w, 1, 1);
    put_bits(&w, 1, 2);
    for (int i = 0; i < MATCHES; i++)
        fixed_match_258(&w, FAR);
    fixed_lit(&w, 256);
    put_flush(&w);
    for (size_t chunk = 0; chunk <= 4096; chunk += 4096) {
        collector c = {BUF_INIT, 0};
        CHECK(decode(INFLATE_RAW, w.b.data, w.b.len, chunk, (size_t)1 << 30, &c) == INFLATE_OK);
        CHECK(c.out.len == STORED + (size_t)258 * MATCHES);
        bool same = c.out.len == STORED + (size_t)258 * MATCHES;
        for (size_t i = STORED; same && i < c.out.len; i++)
            same = c.out.data[i] == c.out.data[i - FAR];
        CHECK(same);
        buf_free(&c.out);
    }
    buf_free(&w.b);
}

/* A dynamic block holding only 'a' and end of block, each code len bits
 * (1: a complete code; 2: an incomplete one), and no distance code. */
static void dynamic_two_codes(bitw *w, unsigned len)
{
    static const uint8_t order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                      11, 4,  12, 3, 13, 2, 14, 1, 15};
    uint8_t clens[19] = {0};
    clens[18] = 1;  /* code 0 */
    clens[0] = 2;   /* code 10 */
    clens[len] = 2; /* code 11 */
    put_bits(w, 1, 1);
    put_bits(w, 2, 2);
    put_bits(w, 0, 5);  /* HLIT 257 */
    put_bits(w, 0, 5);  /* HDIST 1 */
    put_bits(w, 15, 4); /* HCLEN 19 */
    for (int i = 0; i < 19; i++)
        put_bits(w, clens[order[i]], 3);
    put_code(w, 0, 1); /* 97 zeros */
    put_bits(w, 97 - 11, 7);
    put_code(w, 3, 2); /* 'a' */
    put_code(w, 0, 1); /* 138 + 20 zeros */
    put_bits(w, 127, 7);
    put_code(w, 0, 1);
    put_bits(w, 9, 7);
    put_code(w, 3, 2);                /* end of block */
    put_code(w, 2, 2);                /* the one distance code: unused */
    put_code(w, 0, 1);                /* 'a' (a one-bit code; in the incomplete case, two bits) */
    put_code(w, 1, len == 1 ? 1 : 2); /* end of block */
    put_flush(w);
}

/* A final dynamic block's header with these HLIT, HDIST and code length
 * code lengths for 16, 17, 18, 0 (HCLEN 4), then the code lengths' bits. */
static void dynamic_head(bitw *w, unsigned hlit, unsigned hdist, const uint8_t cl[4], uint32_t rest,
                         unsigned nrest)
{
    put_bits(w, 1, 1);
    put_bits(w, 2, 2);
    put_bits(w, hlit - 257, 5);
    put_bits(w, hdist - 1, 5);
    put_bits(w, 0, 4);
    for (int i = 0; i < 4; i++)
        put_bits(w, cl[i], 3);
    put_bits(w, rest, nrest);
    put_bits(w, 0, 32);
    put_flush(w);
}

static inflate_status status_of_bits(bitw *w)
{
    inflate_status st = status_of(INFLATE_RAW, w->b.data, w->b.len);
    buf_free(&w->b);
    memset(w, 0, sizeof *w);
    return st;
}

static void test_bad_streams(void)
{
    bitw w = {BUF_INIT, 0, 0};
    static const unsigned char type3[] = {0x07, 0, 0, 0};
    CHECK(status_of(INFLATE_RAW, type3, sizeof type3) == INFLATE_CORRUPT);
    /* stored: NLEN not the complement of LEN */
    put_bits(&w, 1, 3);
    put_flush(&w);
    put_bits(&w, 5, 16);
    put_bits(&w, 5, 16);
    put_bits(&w, 0x61616161, 32);
    put_bits(&w, 0x61, 8);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* a distance before the start of the output; then one just inside */
    put_bits(&w, 3, 3);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 1, 5); /* distance 2 */
    fixed_lit(&w, 256);
    put_flush(&w);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    put_bits(&w, 3, 3);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 0, 5); /* distance 1 */
    fixed_lit(&w, 256);
    put_flush(&w);
    CHECK(decodes_to(INFLATE_RAW, w.b.data, w.b.len, "aaaa", 4));
    buf_free(&w.b);
    memset(&w, 0, sizeof w);
    /* the fixed code's symbols that may not appear: 286, 287, distance 30 */
    for (unsigned sym = 286; sym <= 287; sym++) {
        put_bits(&w, 3, 3);
        fixed_lit(&w, 'a');
        fixed_lit(&w, sym);
        put_bits(&w, 0, 16);
        put_flush(&w);
        CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    }
    put_bits(&w, 3, 3);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 30, 5);
    put_bits(&w, 0, 16);
    put_flush(&w);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* dynamic: 287 literal/length codes, 31 distance codes */
    static const uint8_t cl_ok[4] = {1, 0, 0, 1}; /* 0 -> code 0, 16 -> code 1 */
    dynamic_head(&w, 287, 1, cl_ok, 0, 0);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    dynamic_head(&w, 257, 31, cl_ok, 0, 0);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* an over-subscribed code length code */
    static const uint8_t cl_over[4] = {1, 1, 1, 1};
    dynamic_head(&w, 257, 1, cl_over, 0, 0);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* "repeat the last length" first */
    dynamic_head(&w, 257, 1, cl_ok, 1, 1);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* all lengths zero: no end-of-block code */
    static const uint8_t cl_zeros[4] = {0, 0, 1, 1}; /* 0 -> code 0, 18 -> code 1 */
    dynamic_head(&w, 257, 1, cl_zeros, 1 | 127u << 1 | 1u << 8 | 109u << 9, 16);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* a repeat past the last length */
    dynamic_head(&w, 257, 1, cl_zeros, 1 | 127u << 1 | 1u << 8 | 127u << 9, 16);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
    /* one-bit codes for 'a' and end of block: fine; two-bit: incomplete */
    dynamic_two_codes(&w, 1);
    CHECK(decodes_to(INFLATE_RAW, w.b.data, w.b.len, "a", 1));
    buf_free(&w.b);
    memset(&w, 0, sizeof w);
    dynamic_two_codes(&w, 2);
    CHECK(status_of_bits(&w) == INFLATE_CORRUPT);
}

static void test_sink_and_cap(void)
{
    size_t d = sizeof dyn_txt - 1;
    collector c = {BUF_INIT, 10};
    CHECK(decode(INFLATE_GZIP, gzip_dynamic, sizeof gzip_dynamic, 0, d, &c) == INFLATE_STOPPED);
    buf_free(&c.out);
    c.stop_at = 0;
    CHECK(decode(INFLATE_GZIP, gzip_dynamic, sizeof gzip_dynamic, 1, d, &c) == INFLATE_OK);
    CHECK(c.out.len == d);
    buf_free(&c.out);
    CHECK(decode(INFLATE_GZIP, gzip_dynamic, sizeof gzip_dynamic, 1, d - 1, &c) == INFLATE_LIMIT);
    CHECK(c.out.len < d);
    buf_free(&c.out);
    /* a final status stays: more input changes nothing */
    inflate_stream *s = inflate_new(INFLATE_ZLIB, 100, collect, &c);
    CHECK(s != NULL);
    if (s) {
        CHECK(inflate_feed(s, "\x78\x9d", 2) == INFLATE_CORRUPT);
        CHECK(inflate_feed(s, zlib_dynamic, sizeof zlib_dynamic) == INFLATE_CORRUPT);
        CHECK(inflate_finish(s) == INFLATE_CORRUPT);
        CHECK(inflate_total_out(s) == 0);
        inflate_free(s);
    }
    buf_free(&c.out);
    inflate_free(NULL);
    /* nothing at all: truncated, in every format */
    CHECK(status_of(INFLATE_GZIP, "", 0) == INFLATE_TRUNCATED);
    CHECK(status_of(INFLATE_ZLIB, "", 0) == INFLATE_TRUNCATED);
    CHECK(status_of(INFLATE_RAW, "", 0) == INFLATE_TRUNCATED);
    CHECK(status_of(INFLATE_DEFLATE, "", 0) == INFLATE_TRUNCATED);
    CHECK(strcmp(inflate_status_text(INFLATE_TRUNCATED), "truncated") == 0);
}

/* Random bytes, and valid streams with a few bits flipped, in random
 * chunks: any status, but no crash (run under ASan/UBSan to see more);
 * a gzip stream that still passes its CRC gives the right text. */
/* gzip.c's checksums against the bit-by-bit CRC and a known Adler-32. */
static void test_checksum_functions(void)
{
    gzip_crc_table t;
    gzip_crc_init(&t);
    CHECK(gzip_crc32(&t, 0, dyn_txt, sizeof dyn_txt - 1) == crc32_of(dyn_txt, sizeof dyn_txt - 1));
    uint32_t c = gzip_crc32(&t, 0, dyn_txt, 13); /* continued across calls */
    CHECK(gzip_crc32(&t, c, dyn_txt + 13, sizeof dyn_txt - 14) ==
          crc32_of(dyn_txt, sizeof dyn_txt - 1));
    CHECK(gzip_adler32(1, "Wikipedia", 9) == 0x11E60398u);
}

/* gzip_out_fn into a buf. */
static bool chain_put(void *ctx, const char *p, size_t n)
{
    return buf_append(ctx, p, n);
}

/* Runs a response through a gzip_decoder: header lines hdr (one per
 * string, NULL-ended), then the body in chunks of `chunk`. */
static bool chain(const char *const *hdr, const void *body, size_t n, size_t chunk, size_t max,
                  gzip_decoder *d, buf *out)
{
    gzip_decoder_init(d, max, chain_put, out);
    for (; *hdr; hdr++)
        gzip_decoder_header(d, *hdr, strlen(*hdr));
    const char *p = body;
    for (size_t off = 0; off < n; off += chunk)
        if (!gzip_decoder_feed(d, p + off, n - off < chunk ? n - off : chunk))
            return false;
    return gzip_decoder_finish(d);
}

/* The Content-Encoding chain: codings in order, reset by a new status
 * line, refused codings, truncation and the cap, with their messages. */
static void test_decoder_chain(void)
{
    gzip_decoder d;
    buf out = BUF_INIT, twice = BUF_INIT;
    char msg[80] = "";
    const char *gz[] = {"HTTP/1.1 200 OK\r\n", "Content-Encoding: identity, gzip\r\n", NULL};
    CHECK(chain(gz, gzip_dynamic, sizeof gzip_dynamic, 7, 1 << 20, &d, &out));
    CHECK(out.len == sizeof dyn_txt - 1 && memcmp(out.data, dyn_txt, out.len) == 0);
    gzip_decoder_free(&d);
    /* deflate, then gzip over it: a gzip member storing zlib_dynamic */
    static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    size_t z = sizeof zlib_dynamic;
    buf_append(&twice, (const char *)head, sizeof head);
    const char stored_head[5] = {1, (char)z, 0, (char)~z, (char)0xFF};
    buf_append(&twice, stored_head, 5);
    buf_append(&twice, (const char *)zlib_dynamic, z);
    put_le32(&twice, crc32_of(zlib_dynamic, z));
    put_le32(&twice, (uint32_t)z);
    const char *two[] = {"Content-Encoding: deflate\r\n", "content-encoding:  GZIP \r\n", NULL};
    buf_truncate(&out, 0);
    CHECK(chain(two, twice.data, twice.len, 3, 1 << 20, &d, &out));
    CHECK(out.len == sizeof dyn_txt - 1 && memcmp(out.data, dyn_txt, out.len) == 0);
    gzip_decoder_free(&d);
    /* a redirect's codings are forgotten at the next status line */
    const char *redirected[] = {"HTTP/1.1 302 Found\r\n", "Content-Encoding: br\r\n",
                                "HTTP/1.1 200 OK\r\n", NULL};
    buf_truncate(&out, 0);
    CHECK(chain(redirected, "plain", 5, 64, 100, &d, &out) && out.len == 5);
    gzip_decoder_free(&d);
    const char *br[] = {"Content-Encoding: gzip, BR\r\n", NULL};
    CHECK(!chain(br, gzip_dynamic, sizeof gzip_dynamic, 64, 1 << 20, &d, &out));
    CHECK(gzip_decoder_refused(&d) && !gzip_decoder_over_limit(&d));
    gzip_decoder_message(&d, msg, sizeof msg);
    CHECK_STR(msg, "unsupported Content-Encoding 'br'");
    gzip_decoder_free(&d);
    const char *many[] = {"Content-Encoding: gzip, gzip, gzip, gzip, gzip\r\n", NULL};
    CHECK(!chain(many, gzip_dynamic, sizeof gzip_dynamic, 64, 1 << 20, &d, &out));
    gzip_decoder_message(&d, msg, sizeof msg);
    CHECK_STR(msg, "more than 4 Content-Encodings");
    gzip_decoder_free(&d);
    CHECK(!chain(gz, gzip_dynamic, sizeof gzip_dynamic - 3, 64, 1 << 20, &d, &out));
    gzip_decoder_message(&d, msg, sizeof msg);
    CHECK_STR(msg, "truncated gzip body");
    CHECK_STR(gzip_decoder_reason(&d), "truncated compressed body");
    gzip_decoder_free(&d);
    CHECK(!chain(gz, gzip_dynamic, sizeof gzip_dynamic, 64, 10, &d, &out));
    CHECK(gzip_decoder_over_limit(&d) && !gzip_decoder_refused(&d));
    CHECK(gzip_decoder_reason(&d) == NULL);
    gzip_decoder_free(&d);
    buf_free(&out);
    buf_free(&twice);
}

static void test_garbage(void)
{
    static const inflate_format fmts[4] = {INFLATE_GZIP, INFLATE_ZLIB, INFLATE_RAW,
                                           INFLATE_DEFLATE};
    uint32_t r = 2463534242u;
    unsigned char junk[2048];
    bool ok = true;
    for (int i = 0; i < 2000; i++) {
        size_t n = next_random(&r) % sizeof junk;
        for (size_t k = 0; k < n; k++)
            junk[k] = (unsigned char)next_random(&r);
        if (n > 0 && i % 2) /* a block header that gets further */
            junk[0] = (unsigned char)((junk[0] & ~6u) | (i % 4 == 1 ? 2u : 4u));
        collector c = {BUF_INIT, 0};
        inflate_status st = decode(fmts[i % 4], junk, n, 1 + next_random(&r) % 64, 1 << 20, &c);
        ok &= st != INFLATE_STOPPED;
        buf_free(&c.out);
    }
    CHECK(ok);
    unsigned char v[sizeof gzip_dynamic];
    for (int i = 0; i < 4000; i++) {
        memcpy(v, gzip_dynamic, sizeof v);
        for (int k = 0; k < 1 + i % 3; k++) {
            uint32_t bit = next_random(&r) % (sizeof v * 8);
            v[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        }
        collector c = {BUF_INIT, 0};
        inflate_status st =
            decode(INFLATE_GZIP, v, sizeof v, 1 + next_random(&r) % 16, 1 << 20, &c);
        if (st == INFLATE_OK)
            ok &= c.out.len == sizeof dyn_txt - 1 && memcmp(c.out.data, dyn_txt, c.out.len) == 0;
        buf_free(&c.out);
        memcpy(v, raw_dynamic, sizeof raw_dynamic);
        v[next_random(&r) % sizeof raw_dynamic] ^= (unsigned char)(1u << (i % 8));
        decode(INFLATE_RAW, v, sizeof raw_dynamic, 1 + i % 5, 1 << 20, &c);
        buf_free(&c.out);
    }
    CHECK(ok);
}

int main(void)
{
    test_vectors();
    test_checksums();
    test_gzip_header();
    test_zlib_header();
    test_truncation();
    test_bomb();
    test_window();
    test_bad_streams();
    test_sink_and_cap();
    test_checksum_functions();
    test_decoder_chain();
    test_garbage();
    return harness_done();
}
