/* test_url.c — URL resolution (RFC 3986 5.4's examples), url_is_safe and
 * url_host. */
#include "url.h"

#include "harness.h"

static const char *const rfc_base = "http://a/b/c/d;p?q";

/* RFC 3986 section 5.4.1 (normal) and 5.4.2 (abnormal) examples; the empty
 * reference is left out because url_resolve documents NULL for it. */
static const char *const examples[][2] = {
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
    /* 5.4.2 */
    {"../../../g", "http://a/g"},
    {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"},
    {"/../g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
};

static void test_rfc_examples(arena *a)
{
    for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
        char *got = url_resolve(a, rfc_base, examples[i][0]);
        CHECK_STR(got, examples[i][1]);
    }
}

static void test_resolve_edges(arena *a)
{
    /* A base with an authority and no path merges with "/". */
    CHECK_STR(url_resolve(a, "http://example.com", "a/b.html"), "http://example.com/a/b.html");
    CHECK_STR(url_resolve(a, "http://example.com?x=1", "?y=2"), "http://example.com?y=2");
    /* Scheme-relative references take the base's scheme. */
    CHECK_STR(url_resolve(a, "https://news.example/p/1", "//cdn.example/i.png"),
              "https://cdn.example/i.png");
    /* The base's fragment never carries over. */
    CHECK_STR(url_resolve(a, "http://h/a/b#frag", "c"), "http://h/a/c");
    CHECK_STR(url_resolve(a, "http://h/a/b?q#frag", ""), NULL);
    /* Trimming, dropped tabs and newlines, encoded spaces. */
    CHECK_STR(url_resolve(a, "http://h/a/", "  my file.html \n"), "http://h/a/my%20file.html");
    CHECK_STR(url_resolve(a, "http://h/a/", "pa\tge\n.html"), "http://h/a/page.html");
    CHECK_STR(url_resolve(a, "http://h/", "   "), NULL);
    CHECK_STR(url_resolve(a, "http://h/", NULL), NULL);
    /* No base, or an absolute reference: a copy (scheme lower-cased). */
    CHECK_STR(url_resolve(a, NULL, "img/x.png"), "img/x.png");
    CHECK_STR(url_resolve(a, NULL, "HTTP://Example.com/a/./b"), "http://Example.com/a/b");
    CHECK_STR(url_resolve(a, "http://h/x", "https://o/y/../z"), "https://o/z");
    /* Opaque paths are data: no dot removal. */
    CHECK_STR(url_resolve(a, "http://h/", "data:text/plain,a/../b"), "data:text/plain,a/../b");
    CHECK_STR(url_resolve(a, "http://h/", "mailto:someone@example.com"),
              "mailto:someone@example.com");
    /* A relative base is no base. */
    CHECK_STR(url_resolve(a, "pages/index.html", "x.html"), "x.html");
    /* A port and user info survive. */
    CHECK_STR(url_resolve(a, "http://u:p@h:8080/a/b", "../c"), "http://u:p@h:8080/c");
}

static void test_is_http(void)
{
    CHECK(url_is_http("http://a/"));
    CHECK(url_is_http("HTTPS://a/"));
    CHECK(!url_is_http("ftp://a/"));
    CHECK(!url_is_http("/just/a/path"));
    CHECK(!url_is_http(" http://a/"));
    CHECK(!url_is_http(NULL));
}

static void test_is_safe(void)
{
    CHECK(url_is_safe("http://example.com/", false));
    CHECK(url_is_safe("HTTPS://example.com/", false));
    CHECK(url_is_safe("mailto:a@b.c", false));
    CHECK(url_is_safe("tel:+15550100", false));
    CHECK(url_is_safe("ftp://files.example/x", false));
    CHECK(url_is_safe("relative/page.html", false));
    CHECK(url_is_safe("/abs/path?q=a:b", false));
    CHECK(url_is_safe("#section-2", false));
    CHECK(url_is_safe("a/b:c", false));
    CHECK(!url_is_safe("javascript:alert(1)", false));
    CHECK(!url_is_safe("JavaScript:alert(1)", false));
    CHECK(!url_is_safe("  \x01javascript:alert(1)", false));
    CHECK(!url_is_safe("java\tscript:alert(1)", false));
    CHECK(!url_is_safe("java\nscript:alert(1)", true));
    CHECK(!url_is_safe("vbscript:msgbox(1)", false));
    CHECK(!url_is_safe("file:///etc/passwd", false));
    CHECK(!url_is_safe("data:text/html,<script>alert(1)</script>", true));
    CHECK(!url_is_safe("data:image/png;base64,iVBORw0KGgo=", false));
    CHECK(url_is_safe("data:image/png;base64,iVBORw0KGgo=", true));
    CHECK(url_is_safe("DATA:Image/GIF;base64,R0lGOD", true));
    CHECK(!url_is_safe("data:imagex/png,AAAA", true));
    CHECK(!url_is_safe("data:text/plain,hi", true));
    CHECK(!url_is_safe(NULL, false));
}

static void test_host(arena *a)
{
    CHECK_STR(url_host(a, "https://www.Example.com/a/b"), "example.com");
    CHECK_STR(url_host(a, "http://user:pw@news.example.org:8080/x"), "news.example.org");
    CHECK_STR(url_host(a, "http://[::1]:8000/"), "[::1]");
    CHECK_STR(url_host(a, "http://example.com"), "example.com");
    CHECK_STR(url_host(a, "http://www/"), "www");
    CHECK_STR(url_host(a, "/relative/path"), NULL);
    CHECK_STR(url_host(a, "mailto:a@b.c"), NULL);
    CHECK_STR(url_host(a, "http:///nohost"), NULL);
    CHECK_STR(url_host(a, NULL), NULL);
}

int main(void)
{
    arena *a = arena_new();
    if (!a)
        return 1;
    test_rfc_examples(a);
    test_resolve_edges(a);
    test_is_http();
    test_is_safe();
    test_host(a);
    arena_free(a);
    return harness_done();
}
