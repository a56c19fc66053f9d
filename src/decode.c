/* decode.c — stage 2: choose a page's encoding and convert it to UTF-8.
 *
 * input -> [decode] -> dom. The order is the HTML standard's: a BOM, the
 * Content-Type charset, the <meta> prescan of the first 1024 bytes
 * (charset.c), else windows-1252 — with three changes, each for pages
 * measured in the test corpora (EXTRACTION-NOTES.md section 5):
 *  - Bytes that validate as UTF-8 (and hold something beyond ASCII) are
 *    UTF-8 whatever a header or meta says: a CMS template often says
 *    iso-8859-1 while the database writes UTF-8, and real legacy text
 *    almost never validates (every accented letter would have to be
 *    followed by just the right continuation bytes). Mostly-UTF-8 pages
 *    with a few stray bytes stay UTF-8 too (see choose()).
 *  - A page that claims UTF-8 but holds no valid multi-byte sequence at all
 *    is read as windows-1252; stray bytes in a UTF-8 page become U+FFFD, or
 *    the Latin-1 letter they plainly are. Nothing is ever dropped.
 *  - When nothing is declared in the first 1024 bytes and the bytes are not
 *    UTF-8, a <meta charset> further on is honoured, as the HTML parser's
 *    "change the encoding" step would do in a browser.
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "utf8.h"

/* Binary signatures: a page that starts with one of these is not HTML
 * whatever it is called. */
static const struct {
    const char *magic;
    size_t len;
    size_t offset;
} signatures[] = {
    {"\x89PNG\r\n\x1a\n", 8, 0}, /* PNG */
    {"\xff\xd8\xff", 3, 0},      /* JPEG */
    {"GIF87a", 6, 0},            /* GIF */
    {"GIF89a", 6, 0},
    {"WEBP", 4, 8},              /* WebP: RIFF....WEBP (RIFF checked below) */
    {"%PDF-", 5, 0},             /* PDF */
    {"\x1f\x8b", 2, 0},          /* gzip (a body curl did not decompress) */
    {"PK\x03\x04", 4, 0},        /* zip, EPUB, office files */
    {"PK\x05\x06", 4, 0},        /* empty zip */
    {"\x7f" "ELF", 4, 0},        /* ELF executables */
};

/* Where NUL bytes are looked for, and how UTF-16 without a BOM is told
 * from binary: markup is mostly ASCII, so UTF-16LE text has a NUL in most
 * odd bytes and almost none in even ones (BE the other way round). At least
 * UTF16_MIN_UNITS code units are needed to judge; UTF16_MIN_SHARE percent
 * of them must show the pattern and at most UTF16_MAX_WRONG percent the
 * opposite one (binary data has NULs on both sides). */
enum {
    SNIFF_BYTES = 1024,
    UTF16_MIN_UNITS = 4,
    UTF16_MIN_SHARE = 30,
    UTF16_MAX_WRONG = 2,
};

/* What the first bytes of a page look like: UTF-16LE, UTF-16BE (no BOM)
 * or neither (NULL). */
static const charset_info *sniff_utf16(const unsigned char *s, size_t len)
{
    size_t n = (len < SNIFF_BYTES ? len : SNIFF_BYTES) / 2, le = 0, be = 0;
    if (n < UTF16_MIN_UNITS)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = s[2 * i], b = s[2 * i + 1];
        le += a != 0 && b == 0;
        be += a == 0 && b != 0;
    }
    if (le * 100 >= n * UTF16_MIN_SHARE && be * 100 <= n * UTF16_MAX_WRONG)
        return charset_get(CHARSET_UTF16LE);
    if (be * 100 >= n * UTF16_MIN_SHARE && le * 100 <= n * UTF16_MAX_WRONG)
        return charset_get(CHARSET_UTF16BE);
    return NULL;
}

/* The encoding a BOM announces (and the BOM's length), or NULL. */
static const charset_info *sniff_bom(const unsigned char *s, size_t len, size_t *bom)
{
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *bom = 3;
        return charset_get(CHARSET_UTF8);
    }
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *bom = 2;
        return charset_get(CHARSET_UTF16LE);
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *bom = 2;
        return charset_get(CHARSET_UTF16BE);
    }
    *bom = 0;
    return NULL;
}

int decode_looks_binary(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    if (!s)
        return 0;
    for (size_t i = 0; i < sizeof signatures / sizeof *signatures; i++) {
        size_t off = signatures[i].offset, n = signatures[i].len;
        if (len >= off + n && memcmp(s + off, signatures[i].magic, n) == 0)
            return i != 4 || memcmp(s, "RIFF", 4) == 0;
    }
    size_t bom;
    if (sniff_bom(s, len, &bom) || sniff_utf16(s, len))
        return 0;
    return memchr(s, 0, len < SNIFF_BYTES ? len : SNIFF_BYTES) != NULL;
}

/* What a UTF-8 check finds: valid multi-byte sequences and invalid bytes. */
typedef struct {
    size_t multibyte;
    size_t invalid;
} utf8_profile;

/* The ASCII bit of eight bytes at once. */
static const uint64_t high_bits = 0x8080808080808080u;

/* How many bytes from s[i] on (up to len) are ASCII: eight at a time,
 * since markup is mostly ASCII. memcpy is the portable unaligned load. */
static size_t ascii_run(const unsigned char *s, size_t i, size_t len)
{
    size_t start = i;
    while (len - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & high_bits)
            break;
        i += 8;
    }
    while (i < len && s[i] < 0x80)
        i++;
    return i - start;
}

/* The length of the valid UTF-8 sequence opening at the non-ASCII byte
 * s[0] (n bytes available), or 0 when invalid: the same rules as
 * utf8_decode (no overlong forms, surrogates or code points past
 * U+10FFFF), without a call or building the code point per byte. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates U+D800..U+DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        return 0;
    }
    if (n < need + 1 || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i <= need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

static utf8_profile profile_utf8(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    utf8_profile p = {0, 0};
    size_t i = 0;
    while (i < len) {
        i += ascii_run(s, i, len);
        if (i >= len)
            break;
        size_t used = utf8_seq_len(s + i, len - i);
        if (used == 0) {
            p.invalid++;
            used = 1;
        } else {
            p.multibyte++;
        }
        i += used;
    }
    return p;
}

/* A stray byte in a UTF-8 page that is read as windows-1252 rather than
 * U+FFFD: a lone byte in the Latin-1 letter range (a German or French
 * letter pasted from a latin-1 source: "M\xe4scot", "f\xfcr"), with ASCII on
 * both sides and an ASCII letter on at least one. Other invalid bytes
 * (truncated sequences, bytes that are never letters) become U+FFFD. */
static const struct {
    unsigned char lo, hi; /* the letter range of Latin-1 */
    unsigned char not1, not2; /* x and / signs inside it */
} stray_letter = {0xC0, 0xFF, 0xD7, 0xF7};

static bool ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when the invalid byte s[i] is a stray Latin-1 letter (see above). */
static bool is_stray_letter(const char *str, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[i];
    if (c < stray_letter.lo || c > stray_letter.hi || c == stray_letter.not1 ||
        c == stray_letter.not2)
        return false;
    bool prev_ok = i == 0 || s[i - 1] < 0x80, next_ok = i + 1 >= len || s[i + 1] < 0x80;
    bool letter = (i > 0 && ascii_letter(s[i - 1])) || (i + 1 < len && ascii_letter(s[i + 1]));
    return prev_ok && next_ok && letter;
}

/* Copies UTF-8 into b: a stray Latin-1 letter becomes that letter, any
 * other invalid byte U+FFFD. valid: the bytes are known to be valid UTF-8,
 * so they are copied whole, in one append. */
static void convert_utf8(buf *b, const char *s, size_t len, bool valid)
{
    if (valid) {
        buf_append(b, s, len);
        return;
    }
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && (unsigned char)s[run] < 0x80)
            run++;
        buf_append(b, s + i, run - i);
        i = run;
        if (i >= len)
            break;
        size_t used;
        unsigned long cp = utf8_decode(s + i, len - i, &used);
        if (cp != 0xFFFD || used != 1)
            buf_append(b, s + i, used);
        else if (is_stray_letter(s, len, i))
            buf_put_utf8(b, (unsigned char)s[i]);
        else
            buf_puts(b, "\xEF\xBF\xBD");
        i += used;
    }
}

/* windows-1252 bytes 0x80..0x9F as the WHATWG index maps them; the five
 * holes map to the C1 control of the same number, as browsers do. Every
 * other byte is the Latin-1 code point of the same value. */
static const unsigned short win1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static void convert_win1252(buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && (unsigned char)s[run] < 0x80)
            run++;
        buf_append(b, s + i, run - i); /* ASCII runs in one copy */
        if (run >= len)
            break;
        unsigned char c = (unsigned char)s[run];
        buf_put_utf8(b, c < 0xA0 ? win1252_c1[c - 0x80] : c);
        i = run + 1;
    }
}

/* Converts through iconv, writing U+FFFD for each invalid sequence (and
 * skipping `unit` bytes: 2 for UTF-16, else 1) and for a truncated one at
 * the end. Returns false when iconv does not know the encoding. */
static bool convert_iconv(buf *b, const char *s, size_t len, const charset_info *cs)
{
    iconv_t cd = iconv_open("UTF-8", cs->iconv);
    if (cd == (iconv_t)-1)
        return false;
    size_t unit = cs->kind == CHARSET_UTF16LE || cs->kind == CHARSET_UTF16BE ? 2 : 1;
    char *in = (char *)s;
    size_t left = len;
    char chunk[4096];
    while (left > 0 && !b->failed) {
        char *out = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &in, &left, &out, &room);
        int e = errno;
        buf_append(b, chunk, (size_t)(out - chunk));
        if (r != (size_t)-1 || e == E2BIG)
            continue;
        buf_puts(b, "\xEF\xBF\xBD");
        if (e != EILSEQ)
            break; /* EINVAL: an incomplete sequence at the end */
        size_t skip = left < unit ? left : unit;
        in += skip;
        left -= skip;
        iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial shift state */
    }
    char *out = chunk;
    size_t room = sizeof chunk;
    iconv(cd, NULL, NULL, &out, &room); /* flush a stateful encoding */
    buf_append(b, chunk, (size_t)(out - chunk));
    iconv_close(cd);
    return true;
}

/* The encoding to use for s[0..len) (BOM already removed) given what the
 * page declares (NULL: nothing). Valid UTF-8 wins over any declaration, and
 * so does mostly-UTF-8 (more valid multi-byte sequences than stray bytes:
 * legacy single-byte text almost never forms one) — except over a CJK
 * multi-byte encoding, whose byte pairs often pass for UTF-8, where only
 * wholly valid UTF-8 wins. */
static const charset_info *choose(utf8_profile p, const charset_info *declared)
{
    if (p.invalid == 0 && (p.multibyte > 0 || !declared || declared->kind == CHARSET_UTF8))
        return charset_get(CHARSET_UTF8);
    if (declared && declared->multibyte)
        return declared;
    if (p.multibyte > p.invalid)
        return charset_get(CHARSET_UTF8);
    if (declared && declared->kind != CHARSET_UTF8)
        return declared;
    return charset_get(CHARSET_WIN1252); /* claims UTF-8, or nothing: legacy text */
}

/* How far charset_late_meta looks: past any <head> of scripts and styles
 * seen in the test corpora (declarations at byte 1,228 and 2,097 there). */
enum { LATE_META_BYTES = 64 * 1024 };

/* Picks the encoding of a page: sets *skip to the BOM's length, and
 * *valid when the bytes were checked and are valid UTF-8 (the check is
 * made once, for both the choice and the copy). */
static const charset_info *detect(const char *bytes, size_t len, const char *content_type,
                                  size_t *skip, bool *valid)
{
    *valid = false;
    const unsigned char *s = (const unsigned char *)bytes;
    const charset_info *cs = sniff_bom(s, len, skip);
    if (cs)
        return cs;
    cs = sniff_utf16(s, len);
    if (cs)
        return cs;
    const charset_info *declared = charset_from_content_type(content_type);
    if (declared && (declared->kind == CHARSET_UTF16LE || declared->kind == CHARSET_UTF16BE))
        declared = NULL; /* the bytes have no UTF-16 pattern: the header is wrong */
    if (!declared)
        declared = charset_prescan(bytes, len);
    utf8_profile p = profile_utf8(bytes, len);
    *valid = p.invalid == 0;
    if (!declared && !*valid)
        declared = charset_late_meta(bytes, len, LATE_META_BYTES);
    return choose(p, declared);
}

folio_status decode_to_utf8(const char *bytes, size_t len, const char *content_type, char **out,
                            size_t *out_len, const char **charset)
{
    if (!bytes)
        bytes = "";
    size_t skip = 0;
    bool valid;
    const charset_info *cs = detect(bytes, len, content_type, &skip, &valid);
    const char *s = bytes + skip;
    size_t n = len - skip;
    buf b = BUF_INIT;
    buf_reserve(&b, n + n / 4 + 1);
    if (cs->kind == CHARSET_UTF8) {
        /* after a BOM the bytes have not been checked yet */
        convert_utf8(&b, s, n, valid || profile_utf8(s, n).invalid == 0);
    } else if (cs->kind == CHARSET_WIN1252) {
        convert_win1252(&b, s, n);
    } else if (!convert_iconv(&b, s, n, cs)) {
        cs = charset_get(CHARSET_WIN1252); /* iconv lacks the table: still keep the text */
        buf_truncate(&b, 0);
        convert_win1252(&b, s, n);
    }
    size_t blen;
    char *p = buf_detach(&b, &blen);
    if (!p)
        return FOLIO_ENOMEM;
    *out = p;
    *out_len = blen;
    if (charset)
        *charset = cs->name;
    return FOLIO_OK;
}
