/* inflate.c — streaming raw DEFLATE (RFC 1951); see inflate.h.
 *
 * Stage 1 (input) helper, below gzip.c's Content-Encoding chain. The gzip
 * and zlib wrappers' fields and the checksums are gzip.c's; this file runs
 * the stream and hands it the bytes around the DEFLATE data. The input comes in chunks of any
 * size; all of a chunk is taken at once: whole bytes go into a 64-bit bit
 * buffer (or, for stored blocks and wrapper fields, straight where they
 * belong), so when a chunk runs out the stream waits with at most a few
 * bytes in that buffer. A unit of the code (one literal, or one length and
 * distance pair: at most 48 bits) is decoded only once all its bits are
 * there, so no unit is ever half done between chunks.
 *
 * Output is written into one buffer: the last 32 KiB (the window matches
 * copy from) followed by fresh output. The fresh part goes to the sink, with
 * the checksum and the cap, at the end of each feed and whenever the buffer
 * fills; then the window slides to the front.
 *
 * Huffman codes decode through tables: the first ROOT bits of the input
 * index a table whose entry gives the symbol and its code length; longer
 * codes go through a second table for their prefix. Every table is checked
 * (over-subscribed and incomplete codes refused), every distance checked
 * against the output this stream has made, every length against the room
 * left, so no input can read or write out of bounds.
 */
#include "inflate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gzip.h"

/* Sizes and internal limits. */
enum {
    WSIZE = 32768,                                /* the window: RFC 1951's largest distance */
    MAX_MATCH = 258,                              /* the longest copy */
    COPY_SLACK = 8,                               /* match copies write 8 bytes at a time */
    BUF_SIZE = WSIZE + (256 << 10),               /* window + fresh output */
    BUF_STOP = BUF_SIZE - MAX_MATCH - COPY_SLACK, /* no unit starts past here */
    MAX_BITS = 15,                                /* the longest Huffman code */
    LIT_ROOT = 10,                                /* bits of the first lookup, literal/length */
    DIST_ROOT = 8,                                /* and distance */
    CLEN_ROOT = 7,                                /* code length codes are at most 7 bits */
    /* Second-level room: a second table of 2^k entries needs at least k+1
     * symbols of a complete code, so 288 symbols fill at most 48 * 32
     * entries (literal/length, root 10), 30 symbols at most 3 * 128 + 32
     * (distance, root 8). Checked while building anyway. */
    LIT_TABLE = (1 << LIT_ROOT) + 1536,
    DIST_TABLE = (1 << DIST_ROOT) + 512,
    NLITLEN = 288,
    NDIST = 32,
    NCLEN = 19,
};

/* Kinds of table entry (the op byte): */
enum {
    OP_BAD = 0x00,  /* no such code, or a symbol that may not appear */
    OP_LIT = 0x10,  /* a literal byte (or a code length symbol): val */
    OP_BASE = 0x20, /* a length or distance base val; low 4 bits: extra bits */
    OP_EOB = 0x40,  /* end of block */
    OP_SUB = 0x80,  /* second table at val; low 4 bits: its index bits */
};

/* One table entry: what len bits of input decode to. */
typedef struct {
    uint16_t val;
    uint8_t len; /* the code's whole length, in bits */
    uint8_t op;
} entry;

typedef enum { ALPHA_LIT, ALPHA_DIST, ALPHA_CLEN } alphabet;

/* RFC 1951 3.2.5: lengths 257..285 and distances 0..29. */
static const uint16_t len_base[29] = {3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                      15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
/* The order code length code lengths come in (RFC 1951 3.2.7). */
static const uint8_t clen_order[NCLEN] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                          11, 4,  12, 3, 13, 2, 14, 1, 15};

/* Where a stream is. */
typedef enum {
    S_ZHEAD,      /* zlib header (or, for INFLATE_DEFLATE, the guess) */
    S_GHEAD,      /* a gzip member header (read by gzip.c) */
    S_BLOCK,      /* a block header: BFINAL, BTYPE */
    S_STORED_LEN, /* LEN and NLEN */
    S_STORED,     /* a stored block's bytes */
    S_DYN_HEAD,   /* HLIT, HDIST, HCLEN */
    S_DYN_CLEN,   /* the code length code */
    S_DYN_LENS,   /* the literal/length and distance code lengths */
    S_CODES,      /* a Huffman coded block's data */
    S_TRAILER,    /* gzip CRC-32 + ISIZE, zlib Adler-32 */
    S_MEMBER_END, /* gzip: another member, or the end */
    S_END,        /* done: anything more is ignored */
} state;

struct inflate_stream {
    inflate_format fmt; /* INFLATE_DEFLATE becomes ZLIB or RAW at the header */
    inflate_status status;
    state st;
    inflate_sink_fn sink; /* not owned */
    void *ctx;            /* not owned */
    unsigned long long max_out, total_out;

    const uint8_t *in, *in_end; /* the chunk being fed (not owned) */
    uint64_t bits;              /* input bits not yet used, first in bit 0 */
    unsigned nbits;             /* how many; bits above are zero */

    bool last_block;
    unsigned hlit, hdist, hclen, count; /* dynamic header; count: items read */
    size_t stored_left;
    const entry *lit, *dist; /* the current block's tables */
    uint8_t lens[NLITLEN + NDIST];
    uint8_t clens[NCLEN];
    entry clen_tab[1 << CLEN_ROOT];
    entry lit_dyn[LIT_TABLE], dist_dyn[DIST_TABLE];
    entry lit_fixed[LIT_TABLE], dist_fixed[DIST_TABLE];
    bool fixed_built;

    gzip_header gz;      /* a gzip member header being read */
    uint8_t head[8];     /* zlib header or trailer bytes being gathered */
    unsigned head_n;     /* how many */
    uint32_t check;      /* CRC-32 or Adler-32 of the member's output */
    uint32_t member_out; /* the member's output size mod 2^32 (ISIZE) */

    size_t pos;         /* next output byte in win */
    size_t flushed;     /* win[flushed..pos) not yet given to the sink */
    size_t member_base; /* where this member's output starts in win (or 0) */
    gzip_crc_table crc;
    uint8_t win[BUF_SIZE];
};

/* --------------------------------------------------------------- tables */

/* The entry of symbol sym of alphabet a, its code len bits long. */
static entry sym_entry(alphabet a, unsigned sym, unsigned len)
{
    entry e = {0, (uint8_t)len, OP_BAD};
    if (a == ALPHA_CLEN || (a == ALPHA_LIT && sym < 256)) {
        e.val = (uint16_t)sym;
        e.op = OP_LIT;
    } else if (a == ALPHA_LIT && sym == 256) {
        e.op = OP_EOB;
    } else if (a == ALPHA_LIT && sym - 257 < 29) {
        e.val = len_base[sym - 257];
        e.op = (uint8_t)(OP_BASE | len_extra[sym - 257]);
    } else if (a == ALPHA_DIST && sym < 30) {
        e.val = dist_base[sym];
        e.op = (uint8_t)(OP_BASE | dist_extra[sym]);
    }
    return e;
}

static unsigned reverse_bits(unsigned code, unsigned len)
{
    unsigned r = 0;
    for (unsigned i = 0; i < len; i++, code >>= 1)
        r = (r << 1) | (code & 1);
    return r;
}

/* Puts e at every index of tab[0..1<<size) whose low `low` bits are rev. */
static void fill(entry *tab, unsigned rev, unsigned low, unsigned size, entry e)
{
    for (unsigned i = rev; i < (1u << size); i += 1u << low)
        tab[i] = e;
}

/* Checks the code lengths lens[0..n) of alphabet a (RFC 1951 3.2.2) and
 * counts them. Over-subscribed codes are refused; incomplete ones too,
 * but for a literal/length or distance code of one code of one bit, or a
 * distance code of no code at all (a block of literals only). */
static bool check_lengths(const uint8_t *lens, unsigned n, alphabet a, unsigned count[MAX_BITS + 1])
{
    memset(count, 0, sizeof(unsigned) * (MAX_BITS + 1));
    for (unsigned i = 0; i < n; i++)
        count[lens[i]]++;
    int left = 1;
    for (unsigned len = 1; len <= MAX_BITS; len++) {
        left = left * 2 - (int)count[len];
        if (left < 0)
            return false;
    }
    unsigned codes = n - count[0];
    return left == 0 || (a != ALPHA_CLEN && codes == 1 && count[1] == 1) ||
           (a == ALPHA_DIST && codes == 0);
}

/* Bits of the second table for the codes from sorted[i] on that share the
 * first `root` bits of `code` (the longest of them decides). */
static unsigned sub_bits(const uint8_t *lens, const uint16_t *sorted, unsigned i, unsigned n,
                         unsigned code, unsigned root)
{
    unsigned len = lens[sorted[i]], prefix = code >> (len - root), max = len;
    for (; i < n; i++) {
        unsigned l = lens[sorted[i]];
        code <<= l - len;
        len = l;
        if (code >> (len - root) != prefix)
            break;
        max = len;
        code++;
    }
    return max - root;
}

/* Builds the decoding table of the code lens[0..n) of alphabet a into
 * tab[0..cap): the first 1<<root entries, then second tables. False for a
 * code that check_lengths refuses. */
static bool build(entry *tab, size_t cap, unsigned root, const uint8_t *lens, unsigned n,
                  alphabet a)
{
    unsigned count[MAX_BITS + 1], offs[MAX_BITS + 2];
    uint16_t sorted[NLITLEN];
    if (!check_lengths(lens, n, a, count))
        return false;
    offs[1] = 0;
    for (unsigned len = 1; len <= MAX_BITS; len++)
        offs[len + 1] = offs[len] + count[len];
    for (unsigned sym = 0; sym < n; sym++)
        if (lens[sym])
            sorted[offs[lens[sym]]++] = (uint16_t)sym;
    unsigned total = n - count[0], code = 0, len = 1, prefix = ~0u;
    size_t next = (size_t)1 << root, sub = 0, sub_size = 0;
    memset(tab, 0, sizeof(entry) << root);
    for (unsigned i = 0; i < total; i++, code++) {
        unsigned sym = sorted[i], l = lens[sym];
        code <<= l - len;
        len = l;
        unsigned rev = reverse_bits(code, len);
        entry e = sym_entry(a, sym, len);
        if (len <= root) {
            fill(tab, rev, len, root, e);
            continue;
        }
        if ((rev & ((1u << root) - 1)) != prefix) { /* a new second table */
            prefix = rev & ((1u << root) - 1);
            sub_size = sub_bits(lens, sorted, i, total, code, root);
            if (next + ((size_t)1 << sub_size) > cap)
                return false;
            sub = next;
            next += (size_t)1 << sub_size;
            memset(tab + sub, 0, sizeof(entry) << sub_size);
            tab[prefix] = (entry){(uint16_t)sub, (uint8_t)root, (uint8_t)(OP_SUB | sub_size)};
        }
        fill(tab + sub, rev >> root, len - root, (unsigned)sub_size, e);
    }
    return true;
}

/* The entry for the next code in bits. */
static inline entry lookup(const entry *tab, unsigned root, uint64_t bits)
{
    entry e = tab[bits & ((1u << root) - 1)];
    if (e.op & OP_SUB)
        e = tab[e.val + ((bits >> root) & ((1u << (e.op & 15)) - 1))];
    return e;
}

/* The fixed codes of RFC 1951 3.2.6, built once per stream. */
static void build_fixed(inflate_stream *s)
{
    uint8_t l[NLITLEN], d[NDIST];
    memset(l, 8, 144);
    memset(l + 144, 9, 112);
    memset(l + 256, 7, 24);
    memset(l + 280, 8, 8);
    memset(d, 5, sizeof d);
    build(s->lit_fixed, LIT_TABLE, LIT_ROOT, l, NLITLEN, ALPHA_LIT);
    build(s->dist_fixed, DIST_TABLE, DIST_ROOT, d, NDIST, ALPHA_DIST);
    s->fixed_built = true;
}

/* ---------------------------------------------------------- bits, output */

static bool fail(inflate_stream *s, inflate_status st)
{
    s->status = st;
    return false;
}

/* Moves input bytes into the bit buffer until it holds 56 bits or more
 * (at most 63) or the chunk is used up. Eight bytes at once when there are
 * eight. */
static inline void refill(uint64_t *bits, unsigned *nb, const uint8_t **in, const uint8_t *end)
{
    const uint8_t *p = *in;
    if (end - p >= 8) {
        uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
                     (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
                     (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
        unsigned take = (63 - *nb) >> 3;
        *bits |= w << *nb;
        *nb += take * 8;
        *bits &= ((uint64_t)1 << *nb) - 1;
        *in = p + take;
        return;
    }
    while (*nb < 56 && p < end) {
        *bits |= (uint64_t)*p++ << *nb;
        *nb += 8;
    }
    *in = p;
}

/* True when n bits are there (after taking what input there is). */
static bool have_bits(inflate_stream *s, unsigned n)
{
    refill(&s->bits, &s->nbits, &s->in, s->in_end);
    return s->nbits >= n;
}

static unsigned take_bits(inflate_stream *s, unsigned n)
{
    unsigned v = (unsigned)(s->bits & (((uint64_t)1 << n) - 1));
    s->bits >>= n;
    s->nbits -= n;
    return v;
}

/* The next whole byte: from the bit buffer (byte aligned here) or input. */
static bool get_byte(inflate_stream *s, unsigned *c)
{
    if (s->nbits >= 8) {
        *c = take_bits(s, 8);
        return true;
    }
    if (s->in < s->in_end) {
        *c = *s->in++;
        return true;
    }
    return false;
}

/* Gives win[flushed..pos) to the sink, with the checksum and the cap. */
static bool flush(inflate_stream *s)
{
    size_t n = s->pos - s->flushed;
    const uint8_t *p = s->win + s->flushed;
    if (n == 0)
        return true;
    if (n > s->max_out - s->total_out)
        return fail(s, INFLATE_LIMIT);
    if (s->fmt == INFLATE_GZIP)
        s->check = gzip_crc32(&s->crc, s->check, p, n);
    else if (s->fmt == INFLATE_ZLIB)
        s->check = gzip_adler32(s->check, p, n);
    s->member_out += (uint32_t)n;
    s->total_out += n;
    s->flushed = s->pos;
    return s->sink(s->ctx, p, n) ? true : fail(s, INFLATE_STOPPED);
}

/* Flushes, then keeps only the window at the front of the buffer. */
static bool make_room(inflate_stream *s)
{
    if (!flush(s))
        return false;
    size_t shift = s->pos - WSIZE;
    memmove(s->win, s->win + shift, WSIZE);
    s->pos = s->flushed = WSIZE;
    s->member_base = s->member_base > shift ? s->member_base - shift : 0;
    return true;
}

/* ------------------------------------------------------------- wrappers
 *
 * gzip.c knows the wrapper fields and checksums; the bytes come from here. */

/* Starts a member (gzip) or the stream: fresh checksum, no history. */
static void start_member(inflate_stream *s)
{
    s->head_n = 0;
    s->check = s->fmt == INFLATE_ZLIB || s->fmt == INFLATE_DEFLATE ? 1 : 0;
    s->member_out = 0;
    s->member_base = s->pos;
    gzip_header_start(&s->gz, &s->crc);
    s->st = s->fmt == INFLATE_GZIP ? S_GHEAD : s->fmt == INFLATE_RAW ? S_BLOCK : S_ZHEAD;
}

static bool zlib_head(inflate_stream *s)
{
    unsigned c;
    while (s->head_n < 2 && get_byte(s, &c))
        s->head[s->head_n++] = (uint8_t)c;
    if (s->head_n < 2)
        return false;
    gzip_zlib_head h = gzip_zlib_header(s->head);
    if (h == GZIP_ZLIB_OK) {
        s->fmt = INFLATE_ZLIB;
    } else if (h == GZIP_ZLIB_NOT && s->fmt == INFLATE_DEFLATE) { /* bare: give the bytes back */
        s->fmt = INFLATE_RAW;
        s->bits = (uint64_t)s->head[0] | (uint64_t)s->head[1] << 8 | s->bits << 16;
        s->nbits += 16;
    } else { /* no zlib header, or a preset dictionary we do not have */
        return fail(s, INFLATE_CORRUPT);
    }
    s->st = S_BLOCK;
    return true;
}

/* gzip_byte_fn over the stream's input. */
static bool next_byte(void *ctx, unsigned *c)
{
    return get_byte(ctx, c);
}

/* The gzip member header (RFC 1952 2.3), read by gzip.c. */
static bool gzip_head(inflate_stream *s)
{
    switch (gzip_header_read(&s->gz, next_byte, s)) {
    case GZIP_MORE:
        return false;
    case GZIP_CORRUPT:
        return fail(s, INFLATE_CORRUPT);
    case GZIP_CHECKSUM:
        return fail(s, INFLATE_CHECKSUM);
    default:
        s->st = S_BLOCK;
        return true;
    }
}

/* The checks after the last block: gzip CRC-32 and ISIZE, zlib Adler-32. */
static bool trailer(inflate_stream *s)
{
    if (!flush(s)) /* the checksum must cover all output */
        return false;
    unsigned want = s->fmt == INFLATE_GZIP ? 8 : s->fmt == INFLATE_ZLIB ? 4 : 0, c;
    while (s->head_n < want && get_byte(s, &c))
        s->head[s->head_n++] = (uint8_t)c;
    if (s->head_n < want)
        return false;
    if (s->fmt == INFLATE_GZIP) {
        if (!gzip_trailer_ok(s->head, s->check, s->member_out))
            return fail(s, INFLATE_CHECKSUM);
        s->st = S_MEMBER_END;
        return true;
    }
    if (s->fmt == INFLATE_ZLIB && !gzip_zlib_trailer_ok(s->head, s->check))
        return fail(s, INFLATE_CHECKSUM);
    s->st = S_END;
    return true;
}

/* After a gzip member: a byte 0x1F starts another; anything else is
 * trailing garbage, ignored as gzip(1) does. */
static bool member_end(inflate_stream *s)
{
    unsigned c;
    if (s->nbits >= 8)
        c = s->bits & 0xFF;
    else if (s->in < s->in_end)
        c = *s->in;
    else
        return false;
    if (c == 0x1F)
        start_member(s);
    else
        s->st = S_END;
    return true;
}

/* --------------------------------------------------------------- blocks */

static void end_block(inflate_stream *s)
{
    if (!s->last_block) {
        s->st = S_BLOCK;
        return;
    }
    take_bits(s, s->nbits & 7); /* the wrapper's trailer is byte aligned */
    s->head_n = 0;
    s->st = S_TRAILER;
}

/* BFINAL and BTYPE (RFC 1951 3.2.3). */
static bool block_head(inflate_stream *s)
{
    if (!have_bits(s, 3))
        return false;
    s->last_block = take_bits(s, 1);
    switch (take_bits(s, 2)) {
    case 0:
        take_bits(s, s->nbits & 7);
        s->st = S_STORED_LEN;
        return true;
    case 1:
        if (!s->fixed_built)
            build_fixed(s);
        s->lit = s->lit_fixed;
        s->dist = s->dist_fixed;
        s->st = S_CODES;
        return true;
    case 2:
        s->st = S_DYN_HEAD;
        return true;
    default:
        return fail(s, INFLATE_CORRUPT);
    }
}

static bool stored_len(inflate_stream *s)
{
    if (!have_bits(s, 32))
        return false;
    unsigned len = take_bits(s, 16), nlen = take_bits(s, 16);
    if (len != (~nlen & 0xFFFF))
        return fail(s, INFLATE_CORRUPT);
    s->stored_left = len;
    s->st = S_STORED;
    return true;
}

/* Copies a stored block's bytes: first those already in the bit buffer,
 * then straight from the input, as far as the buffer has room. */
static bool stored(inflate_stream *s)
{
    while (s->stored_left > 0 && s->nbits >= 8 && s->pos < BUF_STOP) {
        s->win[s->pos++] = (uint8_t)take_bits(s, 8);
        s->stored_left--;
    }
    size_t n = s->stored_left, room = BUF_STOP > s->pos ? BUF_STOP - s->pos : 0;
    size_t avail = (size_t)(s->in_end - s->in);
    n = n < room ? n : room;
    n = n < avail ? n : avail;
    if (n > 0) {
        memcpy(s->win + s->pos, s->in, n);
        s->in += n;
        s->pos += n;
        s->stored_left -= n;
    }
    if (s->stored_left == 0)
        end_block(s);
    else if (s->pos < BUF_STOP)
        return false; /* input used up */
    return true;
}

static bool dyn_head(inflate_stream *s)
{
    if (!have_bits(s, 14))
        return false;
    s->hlit = take_bits(s, 5) + 257;
    s->hdist = take_bits(s, 5) + 1;
    s->hclen = take_bits(s, 4) + 4;
    if (s->hlit > 286 || s->hdist > 30)
        return fail(s, INFLATE_CORRUPT);
    memset(s->clens, 0, sizeof s->clens);
    s->count = 0;
    s->st = S_DYN_CLEN;
    return true;
}

static bool dyn_clen(inflate_stream *s)
{
    while (s->count < s->hclen) {
        if (!have_bits(s, 3))
            return false;
        s->clens[clen_order[s->count++]] = (uint8_t)take_bits(s, 3);
    }
    if (!build(s->clen_tab, 1 << CLEN_ROOT, CLEN_ROOT, s->clens, NCLEN, ALPHA_CLEN))
        return fail(s, INFLATE_CORRUPT);
    s->count = 0;
    s->st = S_DYN_LENS;
    return true;
}

/* The tables of a dynamic block, once all its code lengths are read. */
static bool dyn_tables(inflate_stream *s)
{
    if (s->lens[256] == 0) /* no end-of-block code */
        return fail(s, INFLATE_CORRUPT);
    if (!build(s->lit_dyn, LIT_TABLE, LIT_ROOT, s->lens, s->hlit, ALPHA_LIT) ||
        !build(s->dist_dyn, DIST_TABLE, DIST_ROOT, s->lens + s->hlit, s->hdist, ALPHA_DIST))
        return fail(s, INFLATE_CORRUPT);
    s->lit = s->lit_dyn;
    s->dist = s->dist_dyn;
    s->st = S_CODES;
    return true;
}

/* The code lengths (RFC 1951 3.2.7): 0..15, or 16 (repeat the last 3-6
 * times), 17 (3-10 zeros), 18 (11-138 zeros); one symbol with its extra
 * bits at a time, once all are there. */
static bool dyn_lens(inflate_stream *s)
{
    static const uint8_t extra[3] = {2, 3, 7}, first[3] = {3, 3, 11};
    unsigned total = s->hlit + s->hdist;
    while (s->count < total) {
        refill(&s->bits, &s->nbits, &s->in, s->in_end);
        entry e = s->clen_tab[s->bits & ((1u << CLEN_ROOT) - 1)];
        if (e.len > s->nbits)
            return false;
        if (e.op == OP_BAD)
            return fail(s, INFLATE_CORRUPT);
        if (e.val < 16) {
            take_bits(s, e.len);
            s->lens[s->count++] = (uint8_t)e.val;
            continue;
        }
        unsigned k = e.val - 16;
        if (e.len + extra[k] > s->nbits)
            return false;
        take_bits(s, e.len);
        unsigned rep = first[k] + take_bits(s, extra[k]);
        if ((k == 0 && s->count == 0) || rep > total - s->count)
            return fail(s, INFLATE_CORRUPT);
        uint8_t v = k == 0 ? s->lens[s->count - 1] : 0;
        memset(s->lens + s->count, v, rep);
        s->count += rep;
    }
    return dyn_tables(s);
}

/* Copies len bytes from dist back (dist checked by the caller); may write
 * up to 7 bytes past the end (COPY_SLACK). */
static inline void copy_match(uint8_t *out, size_t dist, unsigned len)
{
    const uint8_t *src = out - dist;
    if (dist >= 8) {
        for (unsigned i = 0; i < len; i += 8)
            memcpy(out + i, src + i, 8);
    } else if (dist == 1) {
        memset(out, src[0], len);
    } else {
        for (unsigned i = 0; i < len; i++)
            out[i] = src[i];
    }
}

/* Result of one unit of coded data. */
typedef enum { U_DONE, U_NEED, U_EOB, U_BAD } unit;

/* Decodes one literal or length/distance pair from bits (nb of them) to
 * *out. Consumes nothing unless the whole unit is there. */
static inline unit code_unit(const inflate_stream *s, uint64_t *bits, unsigned *nb, uint8_t **out,
                             const uint8_t *base)
{
    entry e = lookup(s->lit, LIT_ROOT, *bits);
    if (e.len > *nb)
        return U_NEED;
    if (e.op == OP_LIT) {
        *bits >>= e.len;
        *nb -= e.len;
        *(*out)++ = (uint8_t)e.val;
        return U_DONE;
    }
    if (e.op == OP_EOB) {
        *bits >>= e.len;
        *nb -= e.len;
        return U_EOB;
    }
    if (!(e.op & OP_BASE))
        return U_BAD;
    unsigned used = e.len + (e.op & 15u);
    if (used > *nb)
        return U_NEED;
    unsigned len = e.val + (unsigned)((*bits >> e.len) & ((1u << (e.op & 15u)) - 1));
    entry d = lookup(s->dist, DIST_ROOT, *bits >> used);
    if (used + d.len > *nb)
        return U_NEED;
    if (!(d.op & OP_BASE))
        return U_BAD;
    used += d.len;
    unsigned x = d.op & 15u;
    if (used + x > *nb)
        return U_NEED;
    size_t dist = d.val + (size_t)((*bits >> used) & ((1u << x) - 1));
    used += x;
    if (dist > (size_t)(*out - base))
        return U_BAD; /* before this stream's output */
    *bits >>= used;
    *nb -= used;
    copy_match(*out, dist, len);
    *out += len;
    return U_DONE;
}

/* A Huffman coded block's data, until its end, the end of the input, or a
 * full buffer. */
static bool codes(inflate_stream *s)
{
    uint64_t bits = s->bits;
    unsigned nb = s->nbits;
    const uint8_t *in = s->in, *end = s->in_end;
    uint8_t *out = s->win + s->pos, *stop = s->win + BUF_STOP;
    const uint8_t *base = s->win + s->member_base;
    unit u = U_DONE;
    while (out < stop && u == U_DONE) {
        refill(&bits, &nb, &in, end);
        u = code_unit(s, &bits, &nb, &out, base);
    }
    s->bits = bits;
    s->nbits = nb;
    s->in = in;
    s->pos = (size_t)(out - s->win);
    if (u == U_BAD)
        return fail(s, INFLATE_CORRUPT);
    if (u == U_EOB)
        end_block(s);
    return u != U_NEED;
}

/* ------------------------------------------------------------ the driver */

/* S_END: anything more is dropped. */
static bool at_end(inflate_stream *s)
{
    s->in = s->in_end;
    s->bits = 0;
    s->nbits = 0;
    return false;
}

/* What runs in each state: true when it got somewhere and may go on,
 * false when it waits for input or the stream has failed. */
typedef bool (*step_fn)(inflate_stream *s);
static const step_fn steps[] = {
    [S_ZHEAD] = zlib_head,       [S_GHEAD] = gzip_head,       [S_BLOCK] = block_head,
    [S_STORED_LEN] = stored_len, [S_STORED] = stored,         [S_DYN_HEAD] = dyn_head,
    [S_DYN_CLEN] = dyn_clen,     [S_DYN_LENS] = dyn_lens,     [S_CODES] = codes,
    [S_TRAILER] = trailer,       [S_MEMBER_END] = member_end, [S_END] = at_end};

inflate_stream *inflate_new(inflate_format fmt, size_t max_out, inflate_sink_fn sink, void *ctx)
{
    inflate_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->fmt = fmt;
    s->status = INFLATE_OK;
    s->sink = sink;
    s->ctx = ctx;
    s->max_out = max_out;
    gzip_crc_init(&s->crc);
    start_member(s);
    return s;
}

inflate_status inflate_feed(inflate_stream *s, const void *in, size_t n)
{
    if (s->status != INFLATE_OK || n == 0)
        return s->status;
    s->in = in;
    s->in_end = s->in + n;
    while (s->status == INFLATE_OK) {
        if (s->pos >= BUF_STOP && !make_room(s))
            break;
        if (!steps[s->st](s))
            break;
    }
    if (s->status == INFLATE_OK)
        flush(s);
    s->in = s->in_end = NULL;
    return s->status;
}

inflate_status inflate_finish(inflate_stream *s)
{
    if (s->status == INFLATE_OK && s->st != S_END && s->st != S_MEMBER_END)
        s->status = INFLATE_TRUNCATED;
    return s->status;
}

unsigned long long inflate_total_out(const inflate_stream *s)
{
    return s->total_out;
}

void inflate_free(inflate_stream *s)
{
    free(s);
}

const char *inflate_status_text(inflate_status st)
{
    static const char *const text[] = {
        "complete", "damaged", "damaged (checksum mismatch)", "truncated", "over the size limit",
        "stopped"};
    return (unsigned)st < sizeof text / sizeof *text ? text[st] : "unknown";
}
