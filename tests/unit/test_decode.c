/* test_decode.c — charset detection and conversion to UTF-8, and the
 * binary sniffer. Byte strings are written out so each case shows exactly
 * what a server would send. */
#include <stdlib.h>

#include "charset.h"
#include "decode.h"
#include "harness.h"
#include "utf8.h"

/* Decodes len bytes; returns the UTF-8 (caller frees) and the charset. */
static char *dec(const char *bytes, size_t len, const char *ct, const char **cs)
{
    char *out = NULL;
    size_t n = 0;
    const char *name = NULL;
    if (decode_to_utf8(bytes, len, ct, &out, &n, &name) != FOLIO_OK)
        return NULL;
    if (cs)
        *cs = name;
    if (out && strlen(out) != n && !memchr(out, 0, n)) /* NUL-terminated at n */
        harness_fail++;
    return out;
}

#define DEC(lit, ct, cs) dec(lit, sizeof(lit) - 1, ct, cs)

/* CHECK that haystack contains needle, and free nothing. */
#define CHECK_HAS(hay, needle) CHECK((hay) && strstr((hay), (needle)) != NULL)

static void test_windows_1252(void)
{
    const char *cs;
    char *s = DEC("<meta charset=windows-1252><p>caf\xe9 \x80 5 \x93quoted\x94 \x85</p>", NULL,
                  &cs);
    CHECK_HAS(s, "caf\xc3\xa9 \xe2\x82\xac 5 \xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\xa6");
    CHECK_STR(cs, "windows-1252");
    free(s);
    /* latin1 and iso-8859-1 are windows-1252: 0x80 is the euro sign. */
    s = DEC("<p>\x80 na\xefve</p>", "text/html; charset=ISO-8859-1", &cs);
    CHECK_HAS(s, "\xe2\x82\xac na\xc3\xafve");
    CHECK_STR(cs, "windows-1252");
    free(s);
    /* No declaration, not UTF-8: the windows-1252 fallback. */
    s = DEC("<p>Gr\xfc\xdf Gott, se\xf1or</p>", NULL, &cs);
    CHECK_HAS(s, "Gr\xc3\xbc\xc3\x9f Gott, se\xc3\xb1or");
    CHECK_STR(cs, "windows-1252");
    free(s);
}

static void test_iso_8859_2(void)
{
    const char *cs;
    static const char polish[] = "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 g\xc4\x99\xc5\x9bl\xc4\x85 "
                                 "ja\xc5\xba\xc5\x84";
    char *s = DEC("<p>Za\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1</p>",
                  "text/html; charset=ISO-8859-2", &cs);
    CHECK_HAS(s, polish);
    CHECK_STR(cs, "ISO-8859-2");
    free(s);
    /* The same through the http-equiv form of the prescan. */
    s = DEC("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=iso-8859-2\"></head><p>Za\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1 ja\xbc\xf1</p>",
            NULL, &cs);
    CHECK_HAS(s, polish);
    CHECK_STR(cs, "ISO-8859-2");
    free(s);
    /* content= without http-equiv declares nothing (the prescan's pragma rule). */
    s = DEC("<meta content=\"text/html; charset=iso-8859-2\"><p>\xb1</p>", NULL, &cs);
    CHECK_HAS(s, "\xc2\xb1");
    CHECK_STR(cs, "windows-1252");
    free(s);
}

static void test_shift_jis(void)
{
    const char *cs;
    char *s = DEC("<meta charset=\"Shift_JIS\"><p>\x93\xfa\x96{\x8c\xea\x82\xcc\x83" "e\x83L"
                  "\x83X\x83g</p>",
                  NULL, &cs);
    CHECK_HAS(s, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad"
                 "\xe3\x82\xb9\xe3\x83\x88");
    CHECK_STR(cs, "Shift_JIS");
    free(s);
    /* x-sjis is a Shift_JIS label; a lead byte cut off at the end is U+FFFD. */
    s = DEC("<meta charset=x-sjis><p>\x93\xfa\x96{</p>\x93", NULL, &cs);
    CHECK_HAS(s, "\xe6\x97\xa5\xe6\x9c\xac</p>\xef\xbf\xbd");
    CHECK_STR(cs, "Shift_JIS");
    free(s);
    /* gb2312 means GBK. */
    s = DEC("<p>\xd6\xd0\xce\xc4</p>", "text/html;charset=gb2312", &cs);
    CHECK_HAS(s, "\xe4\xb8\xad\xe6\x96\x87");
    CHECK_STR(cs, "GBK");
    free(s);
}

static void test_utf16(void)
{
    const char *cs;
    /* "<p>é€</p>" in UTF-16LE with a BOM. */
    char *s = DEC("\xff\xfe<\0p\0>\0\xe9\0\xac\x20<\0/\0p\0>\0", NULL, &cs);
    CHECK_STR(s, "<p>\xc3\xa9\xe2\x82\xac</p>");
    CHECK_STR(cs, "UTF-16LE");
    free(s);
    s = DEC("\xfe\xff\0<\0p\0>\0\xe9\x20\xac\0<\0/\0p\0>", "text/html; charset=iso-8859-1", &cs);
    CHECK_STR(s, "<p>\xc3\xa9\xe2\x82\xac</p>"); /* the BOM beats the header */
    CHECK_STR(cs, "UTF-16BE");
    free(s);
    /* No BOM: told by where the NULs are, and not called binary. */
    static const char le[] = "<\0h\0t\0m\0l\0>\0<\0p\0>\0\xe9\0t\0\xe9\0<\0/\0p\0>\0";
    CHECK(!decode_looks_binary(le, sizeof le - 1));
    s = dec(le, sizeof le - 1, NULL, &cs);
    CHECK_STR(s, "<html><p>\xc3\xa9t\xc3\xa9</p>");
    CHECK_STR(cs, "UTF-16LE");
    free(s);
    static const char be[] = "\0<\0h\0t\0m\0l\0>\0h\0i";
    CHECK(!decode_looks_binary(be, sizeof be - 1));
    s = dec(be, sizeof be - 1, NULL, &cs);
    CHECK_STR(s, "<html>hi");
    CHECK_STR(cs, "UTF-16BE");
    free(s);
    /* A lone surrogate and an odd last byte become U+FFFD, the rest stays. */
    s = DEC("\xff\xfe" "a\0\x00\xd8" "b\0c", NULL, &cs);
    CHECK_STR(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    free(s);
    /* A meta that says utf-16 in an ASCII-compatible page means UTF-8. */
    s = DEC("<meta charset=utf-16><p>h\xc3\xa9</p>", NULL, &cs);
    CHECK_HAS(s, "h\xc3\xa9");
    CHECK_STR(cs, "UTF-8");
    free(s);
}

static void test_utf8_rules(void)
{
    const char *cs;
    /* The meta lies: it says UTF-8, the bytes are latin-1. */
    char *s = DEC("<meta charset=\"utf-8\"><p>Caf\xe9 na\xefve, \xe0 la carte</p>", NULL, &cs);
    CHECK_HAS(s, "Caf\xc3\xa9 na\xc3\xafve, \xc3\xa0 la carte");
    CHECK_STR(cs, "windows-1252");
    free(s);
    /* Latin-1 letters pasted into a UTF-8 page are those letters. */
    s = DEC("<meta charset=utf-8><p>Gr\xc3\xbc\xc3\x9f" "e von M\xe4scot, gut f\xfcr "
            "Mitgef\xfchl \xe2\x80\x93 Stra\xc3\x9f" "e</p>", NULL, &cs);
    CHECK_HAS(s, "Gr\xc3\xbc\xc3\x9f" "e von M\xc3\xa4scot, gut f\xc3\xbcr Mitgef\xc3\xbchl "
                 "\xe2\x80\x93 Stra\xc3\x9f" "e");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* Other stray bytes in a UTF-8 page: U+FFFD each, every valid
     * character kept. */
    s = DEC("<meta charset=utf-8><p>h\xc3\xa9llo \xff w\xc3\xb6rld \xfe \xe2\x82\xac end</p>", NULL,
            &cs);
    CHECK_STR(s, "<meta charset=utf-8><p>h\xc3\xa9llo \xef\xbf\xbd w\xc3\xb6rld \xef\xbf\xbd "
                 "\xe2\x82\xac end</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* A truncated sequence and an overlong one are invalid too. */
    s = DEC("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc0\xaf x \xe2\x82", NULL, &cs);
    CHECK_STR(s, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd x "
                 "\xef\xbf\xbd\xef\xbf\xbd");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* Sequences that decode outside UTF-8's range are invalid byte by byte
     * (overlong E0 and F0 forms, a surrogate, past U+10FFFF); a 4-byte
     * character and ASCII runs longer than eight bytes are kept. */
    s = DEC("<p>\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
            "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xe0\x80\x80 "
            "\xed\xa0\x80 \xf4\x90\x80\x80 \xf0\x8f\xbf\xbf \xf0\x9f\x98\x80 abcdefghijklmnop</p>",
            NULL, &cs);
    CHECK_STR(s, "<p>\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 "
                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
                 "\xf0\x9f\x98\x80 abcdefghijklmnop</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* Wholly valid UTF-8 is copied as it is, a literal U+FFFD included. */
    s = DEC("<p>abcdefghijklmnopq \xe2\x82\xac\xef\xbf\xbd\xf4\x8f\xbf\xbf rstuvwxyz0123456</p>",
            "text/html; charset=iso-8859-1", &cs);
    CHECK_STR(s, "<p>abcdefghijklmnopq \xe2\x82\xac\xef\xbf\xbd\xf4\x8f\xbf\xbf rstuvwxyz0123456</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* Fewer valid sequences than stray bytes: legacy text after all. */
    s = DEC("\xc3\xa9 \xe9t\xe9 \xe0", NULL, &cs);
    CHECK_STR(s, "\xc3\x83\xc2\xa9 \xc3\xa9t\xc3\xa9 \xc3\xa0");
    CHECK_STR(cs, "windows-1252");
    free(s);
    /* Mostly UTF-8 with a stray byte beats a declared single-byte charset,
     * but not a declared CJK one, whose pairs can pass for UTF-8. */
    s = DEC("<p>\xc3\xbc\xc3\x9f \xc3\xa9 \xff</p>", "text/html; charset=iso-8859-15", &cs);
    CHECK_HAS(s, "<p>\xc3\xbc\xc3\x9f \xc3\xa9 \xef\xbf\xbd</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    s = DEC("<p>\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7</p>", "text/html; charset=gbk", &cs);
    CHECK_HAS(s, "<p>\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c</p>");
    CHECK_STR(cs, "GBK");
    free(s);
    /* Valid UTF-8 beats a header that says latin1. */
    s = DEC("<p>\xc3\xbc\xc3\x9f</p>", "text/html; charset=latin1", &cs);
    CHECK_HAS(s, "<p>\xc3\xbc\xc3\x9f</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* A UTF-8 BOM is dropped. */
    s = DEC("\xef\xbb\xbf<p>x</p>", "text/html; charset=windows-1252", &cs);
    CHECK_STR(s, "<p>x</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* Plain ASCII with nothing declared is UTF-8; empty input is "". */
    s = DEC("<p>plain</p>", NULL, &cs);
    CHECK_STR(cs, "UTF-8");
    free(s);
    s = dec(NULL, 0, NULL, &cs);
    CHECK_STR(s, "");
    free(s);
}

static void test_prescan(void)
{
    const char *cs;
    /* The prescan does not see a <meta charset> after the first 1024 bytes. */
    char page[1400];
    memset(page, ' ', sizeof page);
    memcpy(page, "<html><head>", 12);
    static const char tail[] = "<meta charset=iso-8859-2><p>\xb1</p>";
    memcpy(page + sizeof page - sizeof tail, tail, sizeof tail); /* ends with its NUL */
    CHECK(charset_prescan(page, sizeof page - 1) == NULL);
    CHECK(charset_late_meta(page, sizeof page - 1, 4096) == charset_lookup("latin2", 6));
    /* So a page whose only declaration is late, and whose bytes are UTF-8,
     * is UTF-8 ... */
    static const char utf8_tail[] = "<meta charset=iso-8859-2><p>\xc3\xa9</p>";
    memcpy(page + sizeof page - sizeof utf8_tail, utf8_tail, sizeof utf8_tail);
    char *s = dec(page, sizeof page - 1, NULL, &cs);
    CHECK_HAS(s, "<p>\xc3\xa9</p>");
    CHECK_STR(cs, "UTF-8");
    free(s);
    /* ... and one whose bytes are not is read as the late meta says (the
     * parser's "change the encoding"), not as the windows-1252 fallback. */
    memcpy(page + sizeof page - sizeof tail, tail, sizeof tail);
    s = dec(page, sizeof page - 1, NULL, &cs);
    CHECK_HAS(s, "<p>\xc4\x85</p>");
    CHECK_STR(cs, "ISO-8859-2");
    free(s);
    /* A late meta inside a comment does not count. */
    memcpy(page + 20, "<!--", 4);
    s = dec(page, sizeof page - 1, NULL, &cs);
    CHECK_STR(cs, "windows-1252");
    free(s);
    memset(page, ' ', sizeof page);
    memcpy(page, "<html><head>", 12);
    /* Before 1024 it is. */
    memcpy(page + 100, tail, sizeof tail);
    s = dec(page, 100 + sizeof tail - 1, NULL, &cs);
    CHECK_HAS(s, "<p>\xc4\x85</p>");
    CHECK_STR(cs, "ISO-8859-2");
    free(s);
    /* Comments, other tags' attributes and a <meta> inside a comment. */
    s = DEC("<!-- <meta charset=koi8-r> --><link rel=x href='<meta charset=koi8-r>'>"
            "<META Charset = 'iso-8859-2'><p>\xb1</p>",
            NULL, &cs);
    CHECK_STR(cs, "ISO-8859-2");
    free(s);
    /* The header wins over the meta; an unknown header label falls through. */
    s = DEC("<meta charset=iso-8859-2><p>\xb1</p>", "text/html; charset=\"windows-1250\"", &cs);
    CHECK_STR(cs, "windows-1250");
    free(s);
    s = DEC("<meta charset=iso-8859-2><p>\xb1</p>", "text/html; charset=bogus-9", &cs);
    CHECK_STR(cs, "ISO-8859-2");
    free(s);
    CHECK(charset_prescan("<meta charset=utf-8", 19) == NULL); /* cut off inside the tag */
    CHECK(charset_lookup(" LATIN1 ", 8) == charset_lookup("windows-1252", 12));
    CHECK(charset_lookup("latin-1", 7) == NULL);
    CHECK(charset_from_content_type("text/html") == NULL);
}

static void test_binary(void)
{
    CHECK(decode_looks_binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    CHECK(decode_looks_binary("\xff\xd8\xff\xe0\0\x10JFIF", 10));
    CHECK(decode_looks_binary("GIF89a\x01\0\x01\0", 10));
    CHECK(decode_looks_binary("RIFF\x24\0\0\0WEBPVP8 ", 16));
    CHECK(decode_looks_binary("%PDF-1.7\n%\xe2\xe3", 12));
    CHECK(decode_looks_binary("\x1f\x8b\x08\0\0\0\0\0", 8));
    CHECK(decode_looks_binary("PK\x03\x04\x14\0", 6));
    CHECK(decode_looks_binary("\x7f" "ELF\x02\x01\x01", 7));
    CHECK(decode_looks_binary("<html>\0<p>x\0\0\0\0\0y</p>", 21));
    CHECK(!decode_looks_binary("<html><p>ok</p></html>", 22));
    CHECK(!decode_looks_binary("RIFF is a word<p>", 17));
    CHECK(!decode_looks_binary("\xff\xfe<\0p\0>\0", 8));
    CHECK(!decode_looks_binary("", 0));
}

/* Random bytes under every kind of declaration: the output is always
 * valid UTF-8 and never shorter than the ASCII it was given (nothing is
 * dropped). Deterministic: a fixed-seed LCG in a local variable. */
static void test_random(void)
{
    static const char *const types[] = {
        NULL, "text/html; charset=utf-8", "text/html; charset=shift_jis",
        "text/html; charset=iso-2022-jp", "text/html; charset=gb18030",
        "text/html; charset=euc-kr", "text/html; charset=big5", "text/html; charset=utf-16le",
        "text/html; charset=koi8-r", "text/html; charset=x-mac-cyrillic",
    };
    static const char *const prefixes[] = {"", "\xff\xfe", "\xfe\xff", "\xef\xbb\xbf",
                                           "<meta charset=euc-jp>", "<!--"};
    unsigned long seed = 12345;
    int bad = 0;
    for (int round = 0; round < 3000; round++) {
        char page[600];
        size_t pre = strlen(prefixes[round % 6]);
        memcpy(page, prefixes[round % 6], pre);
        size_t len = pre + (size_t)(round % 500);
        size_t ascii = 0;
        for (size_t i = pre; i < len; i++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            unsigned char c = (unsigned char)(seed >> 56);
            page[i] = (char)(round % 3 == 0 ? (c & 0x7F) | 0x20 : c); /* some plain ASCII */
        }
        for (size_t i = 0; i < len; i++)
            ascii += (unsigned char)page[i] < 0x80;
        char *out = NULL;
        size_t n = 0;
        const char *ct = types[(size_t)round % (sizeof types / sizeof *types)];
        if (decode_to_utf8(page, len, ct, &out, &n, NULL) != FOLIO_OK || !out ||
            !utf8_valid(out, n) || out[n] != '\0')
            bad++;
        else if (round % 3 == 0 && round % 6 == 0 && n < ascii)
            bad++;
        free(out);
        (void)decode_looks_binary(page, len);
        (void)charset_prescan(page, len);
    }
    CHECK(bad == 0);
}

int main(void)
{
    test_windows_1252();
    test_iso_8859_2();
    test_shift_jis();
    test_utf16();
    test_utf8_rules();
    test_prescan();
    test_binary();
    test_random();
    return harness_done();
}
