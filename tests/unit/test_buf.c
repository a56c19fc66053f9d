/* test_buf.c — growing strings (issue 7: robustness): NUL termination
 * after every operation, a failed allocation turning later appends into
 * no-ops and buf_detach into NULL, long printf output, UTF-8 encoding of
 * invalid code points. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"

static void test_append_and_terminate(void)
{
    buf b = BUF_INIT;
    CHECK(buf_append(&b, NULL, 0));
    CHECK(b.data && b.data[0] == '\0' && b.len == 0);
    CHECK(buf_puts(&b, "abc"));
    CHECK(buf_putc(&b, 'd'));
    CHECK_STR(b.data, "abcd");
    for (int i = 0; i < 10000; i++)
        buf_putc(&b, 'x');
    CHECK(b.len == 10004 && b.data[b.len] == '\0');
    buf_truncate(&b, 2);
    CHECK_STR(b.data, "ab");
    buf_truncate(&b, 100); /* longer than len: nothing happens */
    CHECK(b.len == 2);
    size_t len = 0;
    char *s = buf_detach(&b, &len);
    CHECK_STR(s, "ab");
    CHECK(len == 2);
    CHECK(b.data == NULL && b.len == 0);
    free(s);
}

static void test_failure_sticks(void)
{
    buf b = BUF_INIT;
    buf_puts(&b, "kept");
    CHECK(!buf_reserve(&b, SIZE_MAX - 2)); /* an impossible size fails cleanly */
    CHECK(b.failed);
    CHECK(!buf_puts(&b, "more"));
    CHECK(!buf_putc(&b, 'x'));
    CHECK(!buf_printf(&b, "%d", 1));
    CHECK(!buf_put_utf8(&b, 0x41));
    CHECK(!buf_reserve(&b, 1));
    size_t len = 12345;
    CHECK(buf_detach(&b, &len) == NULL);
    CHECK(b.data == NULL && !b.failed); /* freed and reset */
    buf_free(&b);
}

static void test_empty_detach(void)
{
    buf b = BUF_INIT;
    size_t len = 99;
    char *s = buf_detach(&b, &len);
    CHECK(s && s[0] == '\0' && len == 0);
    free(s);
    buf_free(&b); /* a reset buf may be freed again */
}

static void test_printf(void)
{
    buf b = BUF_INIT;
    CHECK(buf_printf(&b, "%s-%d", "n", 42));
    CHECK_STR(b.data, "n-42");
    char big[3000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(buf_printf(&b, "[%s]", big)); /* longer than the small buffer */
    CHECK(b.len == 4 + 2 + sizeof big - 1);
    CHECK(b.data[4] == '[' && b.data[b.len - 1] == ']' && b.data[b.len] == '\0');
    buf_free(&b);
}

static void test_utf8(void)
{
    buf b = BUF_INIT;
    buf_put_utf8(&b, 0x41);
    buf_put_utf8(&b, 0xE9);
    buf_put_utf8(&b, 0x20AC);
    buf_put_utf8(&b, 0x1F600);
    CHECK_STR(b.data, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    buf_truncate(&b, 0);
    buf_put_utf8(&b, 0xD800);    /* a surrogate */
    buf_put_utf8(&b, 0x110000);  /* past Unicode */
    buf_put_utf8(&b, (unsigned long)-1);
    CHECK_STR(b.data, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    buf_free(&b);
}

int main(void)
{
    test_append_and_terminate();
    test_failure_sticks();
    test_empty_detach();
    test_printf();
    test_utf8();
    return harness_done();
}
