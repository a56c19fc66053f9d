/* test_text.c — the text writer and the word count. */
#include "harness.h"
#include "model_helpers.h"

static void test_blocks(void)
{
    CHECK_TEXT("<h1>Title</h1><p>One <b>two</b> <a href=\"http://e.com\">three</a>.</p><hr>"
               "<p>Four</p>",
               "Title\n\nOne two three.\n\nFour\n");
    CHECK_TEXT("<ul><li>a</li><li>b<ol start=\"9\"><li>c</li><li>d</li></ol></li></ul><p>after</p>",
               "\xE2\x80\xA2 a\n\xE2\x80\xA2 b\n  9. c\n  10. d\n\nafter\n");
    CHECK_TEXT("<ul><li><p>p1</p><p>p2</p></li></ul>", "\xE2\x80\xA2 p1\n  p2\n");
    CHECK_TEXT("<blockquote><p>q1</p><p>q2</p></blockquote>", "q1\n\nq2\n");
    CHECK_TEXT("<pre>  keep\n    indent</pre><p>x</p>", "  keep\n    indent\n\nx\n");
    CHECK_TEXT("<p>a<br>b</p>", "a\nb\n");
    CHECK_TEXT("<p><img src=\"http://e.com/i.png\" alt=\"hidden\">shown</p>", "shown\n");
    CHECK_TEXT("<p>a\xC2\xA0"
               "b\xE2\x80\x8D"
               "c\xC2\xAD"
               "d</p>",
               "a bcd\n");
}

static void test_tables(void)
{
    CHECK_TEXT("<table><caption>Cap</caption><tr><th>A</th><th>B</th><th></th></tr>"
               "<tr><td><p>1</p><p>one</p></td><td></td><td>3</td></tr></table><p>z</p>",
               "Cap\n\nA\tB\n1 one\t\t3\n\nz\n");
}

static void test_footnotes(void)
{
    CHECK_TEXT("<p>x<sup><a href=\"#fn1\">1</a></sup></p><ol class=\"footnotes\"><li id=\"fn1\">"
               "Note.</li></ol>",
               "x[^1]\n\n[^1]: Note.\n");
}

static void test_wrap(void)
{
    folio_doc *d = doc_from_html("<p>The quick brown fox jumps over the lazy dog.</p><ul><li>an "
                                 "item that is long enough</li></ul>");
    buf b = BUF_INIT;
    CHECK(text_from_model(d->model, 16, &b) == FOLIO_OK);
    CHECK_STR(b.data, "The quick brown\nfox jumps over\nthe lazy dog.\n\n"
                      "\xE2\x80\xA2 an item that\n  is long enough\n");
    buf_free(&b);
    doc_free(d);
}

static void test_word_count(void)
{
    CHECK(text_word_count("", 0) == 0);
    const char *s = "Two words\n\nand\tthree more";
    CHECK(text_word_count(s, strlen(s)) == 5);
    s = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E abc"; /* three ideographs and a word */
    CHECK(text_word_count(s, strlen(s)) == 4);
    s = "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1"; /* Thai: one a character */
    CHECK(text_word_count(s, strlen(s)) == 3);
    s = "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\x8B\xA8\xEC\x96\xB4"; /* Hangul: spaced */
    CHECK(text_word_count(s, strlen(s)) == 2);
    s = "a\xC2\xA0"
        "b \xE2\x80\x8B c"; /* no-break space separates, zero-width does not count */
    CHECK(text_word_count(s, strlen(s)) == 3);
}

int main(void)
{
    test_blocks();
    test_tables();
    test_footnotes();
    test_wrap();
    test_word_count();
    return harness_done();
}
