/* test_utf8.c — UTF-8 and white space (issue 7: robustness): malformed
 * sequences (overlong, surrogates, truncated, past U+10FFFF, stray
 * continuation bytes) decode to U+FFFD one byte at a time and never read
 * past n; collapsing and searching on text with NULs and invalid bytes. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "utf8.h"

static void test_decode(void)
{
    size_t used;
    CHECK(utf8_decode("A", 1, &used) == 'A' && used == 1);
    CHECK(utf8_decode("\xC3\xA9", 2, &used) == 0xE9 && used == 2);
    CHECK(utf8_decode("\xF0\x9F\x98\x80", 4, &used) == 0x1F600 && used == 4);
    CHECK(utf8_decode("\xEF\xBF\xBD", 3, &used) == 0xFFFD && used == 3);
    static const char *const bad[] = {
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong */
        "\xF0\x80\x80\xAF", /* overlong */
        "\xED\xA0\x80",     /* surrogate D800 */
        "\xF4\x90\x80\x80", /* 110000 */
        "\xF8\x88\x80\x80\x80", /* five bytes */
        "\x80",             /* stray continuation */
        "\xFF",
        "\xC3\x28",         /* bad continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(utf8_decode(bad[i], strlen(bad[i]), &used) == 0xFFFD);
        CHECK(used == 1);
        CHECK(!utf8_valid(bad[i], strlen(bad[i])));
    }
    /* truncated: never reads past n (the buffers are exactly n bytes) */
    char *t = malloc(3);
    memcpy(t, "\xE2\x82\xAC", 3);
    CHECK(utf8_decode(t, 2, &used) == 0xFFFD && used == 1);
    CHECK(utf8_decode(t, 0, &used) == 0xFFFD && used == 1);
    CHECK(utf8_decode(t, 3, &used) == 0x20AC && used == 3);
    free(t);
    CHECK(utf8_valid("", 0));
    CHECK(utf8_valid("a\0b", 3)); /* NUL is valid UTF-8 */
    CHECK(utf8_valid("\xEF\xBF\xBD", 3));
    CHECK(!utf8_valid("abc\xC3", 4));
}

static void test_collapse(void)
{
    arena *a = arena_new();
    CHECK_STR(utf8_collapse(a, "  a \t\n b  ", 10), "a b");
    CHECK_STR(utf8_collapse(a, "\xC2\xA0x\xE3\x80\x80y\xE2\x80\x83", 10), "x y");
    CHECK_STR(utf8_collapse(a, "", 0), "");
    CHECK_STR(utf8_collapse(a, " \n\t", 3), "");
    /* invalid bytes pass through as they are; nothing is read past n */
    char *s = utf8_collapse(a, "a\xFF  b\xC3", 6);
    CHECK(s && strcmp(s, "a\xFF b\xC3") == 0);
    /* embedded NULs are kept (the length tells) */
    buf b = BUF_INIT;
    utf8_collapse_buf(&b, "a\0 b", 4);
    CHECK(b.len == 4 && memcmp(b.data, "a\0 b", 4) == 0);
    buf_free(&b);
    arena_free(a);
}

static void test_ascii(void)
{
    CHECK(ascii_ieq("Content-Type", "content-type"));
    CHECK(!ascii_ieq("abc", "abcd"));
    CHECK(ascii_ieqn("ABCdef", "abcXYZ", 3));
    CHECK(!ascii_ieqn("ab", "abc", 3));
    CHECK(ascii_lower('Q') == 'q' && ascii_lower(0xC9) == 0xC9);
    const char *h = "xx<SCRIPT>";
    CHECK(ascii_istr(h, strlen(h), "<script") == h + 2);
    CHECK(ascii_istr(h, 5, "<script") == NULL); /* only n bytes are looked at */
    CHECK(ascii_istr(h, 0, "") == h);
    CHECK(ascii_istr("a\0<b", 4, "<b") != NULL);
    CHECK(utf8_is_space(0x3000) && utf8_is_space(0xA0) && !utf8_is_space(0x200B));
    CHECK(utf8_is_invisible(0x200B) && utf8_is_invisible(0xFEFF) && !utf8_is_invisible('a'));
}

/* Class lists split on HTML's ASCII white space only: the byte 0xA0 in
 * "Р" (D0 A0) is not a no-break space. */
static void test_next_token(void)
{
    const char v[] = "  x \xD0\xA0\xD0\xB0\xD0\xB7\tfoot-note\n";
    size_t pos = 0, start, n;
    n = utf8_next_token(v, strlen(v), &pos, &start);
    CHECK(n == 1 && v[start] == 'x');
    n = utf8_next_token(v, strlen(v), &pos, &start);
    CHECK(n == 6 && memcmp(v + start, "\xD0\xA0\xD0\xB0\xD0\xB7", 6) == 0);
    n = utf8_next_token(v, strlen(v), &pos, &start);
    CHECK(n == 9 && memcmp(v + start, "foot-note", 9) == 0);
    CHECK(utf8_next_token(v, strlen(v), &pos, &start) == 0);
    pos = 0;
    CHECK(utf8_next_token("", 0, &pos, &start) == 0);
}

int main(void)
{
    test_next_token();
    test_decode();
    test_collapse();
    test_ascii();
    return harness_done();
}
