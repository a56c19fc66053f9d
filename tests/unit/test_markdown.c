/* test_markdown.c — the Markdown writer: escaping that survives a parse,
 * destinations, front matter, reference links, wrapping, tables,
 * emphasis that would not parse back. */
#include "harness.h"
#include "model_helpers.h"

/* The text of cmark's parse of md, as the text writer writes it. */
static char *reparsed_text(const char *md)
{
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    buf b = BUF_INIT;
    text_from_model(doc, 0, &b);
    cmark_node_free(doc);
    return buf_detach(&b, NULL);
}

/* folio's Markdown of html parses back to folio's text of it. */
static void check_round_trip(const char *html)
{
    folio_doc *d = doc_from_html(html);
    char *md = render_with(markdown_body, d);
    char *back = reparsed_text(md);
    CHECK_STR(back, d->text);
    free(md);
    free(back);
    doc_free(d);
}

static void test_escaping(void)
{
    CHECK_MD("<p>a *b* _c_ [d] #e &lt;f&gt; `g`</p>",
             "a \\*b\\* \\_c\\_ \\[d\\] \\#e \\<f\\> \\`g\\`\n");
    CHECK_MD("<p>1. not a list</p><p># not a heading</p><p>- not an item</p>",
             "1\\. not a list\n\n\\# not a heading\n\n\\- not an item\n");
    check_round_trip("<p>a *b* _c_ [d](e) #f &lt;g&gt; \\h &amp;amp; `i` ~~j~~ |k| !l</p>");
    check_round_trip("<p>1) x</p><p>+ y</p><p>&gt; z</p><p>***</p><p>    indented</p>");
    /* no backslash where none is needed */
    const char *quiet = "<p>snake_case, x86_64 and Great! Hi!<a href=\"http://e.com/\">x</a> _a_ "
                        "b_ !*n* ![y]</p><p>Wow!</p>";
    CHECK_MD(quiet, "snake_case, x86_64 and Great! Hi\\![x](http://e.com/) \\_a\\_ b\\_ !\\*n\\* "
                    "!\\[y\\]\n\nWow!\n");
    check_round_trip(quiet);
    check_round_trip("<h2># hash</h2><ul><li>1. item</li></ul><p>&lt;div&gt;raw&lt;/div&gt;</p>");
}

static void test_destinations(void)
{
    const char *html = "<p><a href=\"http://e.com/a b(c)!,d\">x</a> "
                       "<img src=\"http://e.com/i (1).png\" alt=\"y\"></p>";
    char *md = md_of(html);
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    cmark_node *p = cmark_node_first_child(doc);
    cmark_node *link = cmark_node_first_child(p);
    CHECK(cmark_node_get_type(link) == CMARK_NODE_LINK);
    CHECK_STR(cmark_node_get_url(link), "http://e.com/a%20b(c)!,d");
    cmark_node *img = cmark_node_last_child(p);
    CHECK(cmark_node_get_type(img) == CMARK_NODE_IMAGE);
    CHECK_STR(cmark_node_get_url(img), "http://e.com/i%20(1).png");
    cmark_node_free(doc);
    free(md);
}

static void test_front_matter(void)
{
    folio_doc *d = doc_from_html("<p>body</p>");
    const char *authors[] = {"Ann", "Bob"};
    d->meta.title = "Title: \"quoted\" #tag\\ \n- line";
    d->meta.author = "Ann, Bob";
    d->meta.authors = authors;
    d->meta.nauthors = 2;
    d->meta.date = "2024-01-02";
    d->meta.lang = "- en";
    d->meta.description = "tab\there \x01 bell\xC2\x85"
                          "end\xE2\x80\xA8";
    d->front_matter = 1;
    char *md = render_with(render_markdown, d);
    CHECK_STR(md, "---\n"
                  "title: \"Title: \\\"quoted\\\" #tag\\\\ \\n- line\"\n"
                  "author: \"Ann, Bob\"\n"
                  "date: \"2024-01-02\"\n"
                  "lang: \"- en\"\n"
                  "description: \"tab\\there \\x01 bell\\Nend\\L\"\n"
                  "---\n\nbody\n");
    free(md);
    d->meta.title = "Bad \xFF byte";
    d->meta.author = d->meta.date = d->meta.lang = d->meta.description = NULL;
    md = render_with(render_markdown, d);
    CHECK_STR(md, "---\ntitle: \"Bad \xEF\xBF\xBD byte\"\n---\n\nbody\n");
    free(md);
    d->meta.title = NULL; /* nothing known: no front matter at all */
    md = render_with(render_markdown, d);
    CHECK_STR(md, "body\n");
    free(md);
    doc_free(d);
}

/* Reads one YAML double-quoted scalar at *s (the escapes frontmatter.c
 * writes, \xNN and \uNNNN as code points) into b; false when it is not one.
 * A tiny parser, enough to check that the front matter reads back. */
static bool yaml_unquote(const char **s, buf *b)
{
    static const char from[] = "\\\"ntr0N_LP", *const to[] = {"\\",           "\"",
                                                              "\n",           "\t",
                                                              "\r",           "",
                                                              "\xC2\x85",     "\xC2\xA0",
                                                              "\xE2\x80\xA8", "\xE2\x80\xA9"};
    const char *p = *s;
    if (*p++ != '"')
        return false;
    for (; *p && *p != '"' && *p != '\n'; p++) {
        if (*p != '\\') {
            buf_putc(b, *p);
            continue;
        }
        const char *k = *++p ? strchr(from, *p) : NULL;
        if (k && *k)
            buf_puts(b, to[k - from]);
        if (k && *k == '0')
            buf_putc(b, '\0');
        if (!k && (*p == 'x' || *p == 'u')) {
            int digits = *p == 'x' ? 2 : 4;
            char hex[5] = {0};
            memcpy(hex, p + 1, (size_t)digits);
            buf_put_utf8(b, strtoul(hex, NULL, 16));
            p += digits;
        } else if (!k) {
            return false;
        }
    }
    *s = p + (*p == '"');
    return *p == '"';
}

/* The value of key in front matter fm, unquoted (the caller frees it), or
 * NULL when the key is absent or its value is not a quoted scalar. */
static char *yaml_value(const char *fm, const char *key)
{
    size_t k = strlen(key);
    for (const char *line = fm; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (strncmp(line, key, k) != 0 || strncmp(line + k, ": ", 2) != 0)
            continue;
        const char *v = line + k + 2;
        buf b = BUF_INIT;
        if (!yaml_unquote(&v, &b) || *v != '\n') {
            buf_free(&b);
            return NULL;
        }
        return buf_detach(&b, NULL);
    }
    return NULL;
}

/* Values that would break unquoted YAML read back unchanged. */
static void test_front_matter_reads_back(void)
{
    const char *values[] = {"Rust: a language",
                            "\"Quoted\" and 'single'",
                            "# not a comment",
                            "- not a list",
                            "line one\nline two",
                            "back\\slash\ttab",
                            "null",
                            "yes",
                            "@at & *star ! %pct {b} [c] > | ~",
                            "nbsp\xC2\xA0"
                            "ctl\x01 nel\xC2\x85 ls\xE2\x80\xA8"};
    folio_doc *d = doc_from_html("<p>body</p>");
    d->front_matter = 1;
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        d->meta.title = values[i];
        d->meta.site = values[i];
        char *md = render_with(render_markdown, d);
        CHECK(strncmp(md, "---\ntitle: \"", 12) == 0);
        char *title = yaml_value(md, "title"), *site = yaml_value(md, "site");
        CHECK_STR(title ? title : "(unparsed)", values[i]);
        CHECK_STR(site ? site : "(unparsed)", values[i]);
        free(title);
        free(site);
        free(md);
    }
    doc_free(d);
}

/* Code fences open with no space after the backticks; a fence-like line
 * inside code or a code span is left alone. */
static void test_fences(void)
{
    CHECK_MD("<pre><code class=\"language-c\">int x;</code></pre>", "```c\nint x;\n```\n");
    CHECK_MD("<blockquote><pre>a</pre></blockquote>", "> \n> \n> ```\n> a\n> ```\n");
    CHECK_MD("<ul><li><pre>b</pre></li></ul>", "  - ```\n    b\n    ```\n");
    CHECK_MD("<pre>``` js\nx</pre>", "````\n``` js\nx\n````\n");
    check_round_trip("<pre>``` js\nx</pre><p><code>``` y</code></p><pre>\n\n  z</pre>");
}

static void test_reference_links(void)
{
    folio_doc *d = doc_from_html("<p><a href=\"http://e.com/1\">one</a>, <a href=\"http://e.com/a "
                                 "b\" title='say \"hi\"'>two</a> and <a href=\"http://e.com/1\">"
                                 "again</a> <img src=\"http://e.com/i.png\" alt=\"i\"></p>");
    d->link_style = FOLIO_LINKS_REFERENCE;
    char *md = render_with(markdown_body, d);
    CHECK_STR(md, "[one][1], [two][2] and [again][1] ![i](http://e.com/i.png)\n\n"
                  "[1]: <http://e.com/1>\n[2]: <http://e.com/a b> \"say \\\"hi\\\"\"\n");
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    cmark_node *link =
        cmark_node_next(cmark_node_next(cmark_node_first_child(cmark_node_first_child(doc))));
    CHECK(cmark_node_get_type(link) == CMARK_NODE_LINK);
    CHECK_STR(cmark_node_get_url(link), "http://e.com/a b");
    CHECK_STR(cmark_node_get_title(link), "say \"hi\"");
    cmark_node_free(doc);
    free(md);
    doc_free(d);
    /* inside a table written as HTML a link stays an HTML link */
    d = doc_from_html("<table><tr><td colspan=\"2\"><a href=\"http://e.com/t\">in table</a></td>"
                      "</tr><tr><td>a</td><td>b</td></tr></table>");
    d->link_style = FOLIO_LINKS_REFERENCE;
    md = render_with(markdown_body, d);
    CHECK(strstr(md, "<a href=\"http://e.com/t\">in table</a>") != NULL);
    CHECK(strstr(md, "][1]") == NULL);
    free(md);
    doc_free(d);
}

static void test_wrap(void)
{
    folio_doc *d = doc_from_html("<p>The quick brown fox jumps over the lazy dog and keeps "
                                 "running far away.</p>");
    d->wrap = 20;
    char *md = render_with(markdown_body, d);
    CHECK_STR(md, "The quick brown fox\njumps over the lazy\ndog and keeps\nrunning far away.\n");
    free(md);
    doc_free(d);
    /* cmark would wrap "- they" to the start of a line (a list item): such
     * a document keeps its lines whole */
    d = doc_from_html("<p>kind of like itty bitty <a href=\"http://e.com/products/32-bit-arm-"
                      "cortex-m-psoc\">PSoCs</a> - they have a mixed signal fabric</p>");
    d->wrap = 30;
    md = render_with(markdown_body, d);
    CHECK(strstr(md, "\n- ") == NULL);
    char *back = reparsed_text(md);
    CHECK_STR(back, d->text);
    free(back);
    free(md);
    doc_free(d);
}

static void test_tables(void)
{
    CHECK_MD("<table><caption>Cap</caption><thead><tr><th>A</th><th>B</th></tr></thead><tbody>"
             "<tr><td>1 | <code>x|y</code></td><td><em>2</em></td></tr><tr><td>3</td></tr>"
             "</tbody></table>",
             "*Cap*\n\n| A | B |\n| --- | --- |\n| 1 \\| `x\\|y` | *2* |\n| 3 |  |\n");
    /* merged cells, no header row, or blocks in a cell: an XHTML block */
    char *md = md_of("<table><tr><td colspan=\"2\">wide</td></tr><tr><td>a</td><td><pre>x\n\n"
                     "y</pre></td></tr></table>");
    CHECK(strncmp(md, "<table>\n<tbody>\n<tr>\n<td colspan=\"2\">\n<p>wide</p>\n</td>", 55) == 0);
    CHECK(strstr(md, "<code>x&#10;\ny") != NULL); /* no blank line inside the block */
    CHECK(strstr(md, "\n\n") == NULL);
    free(md);
    CHECK_MD("<table><tr><th>A</th><th>B</th></tr><tr><td>*1*</td><td>[2]</td></tr></table>"
             "<p>after</p>",
             "| A | B |\n| --- | --- |\n| \\*1\\* | \\[2\\] |\n\nafter\n");
}

static void test_emphasis(void)
{
    /* `Delgado*, Fiscal*` would not be emphasis again: the words stay */
    CHECK_MD("<p>Delgado<em>, Fiscal general.</em></p>", "Delgado, Fiscal general.\n");
    CHECK_MD("<p><b>33%</b>of</p>", "33%of\n");
    CHECK_MD("<p>a <b>33%</b> of</p>", "a **33%** of\n");
    check_round_trip("<p><b>S</b><b>unshine:</b> <i>(x)</i>y <em>\xE2\x80\x9Equote</em>s</p>");
}

static void test_notes(void)
{
    /* a one-word note would read as a link definition; a reference right
     * before a parenthesis would read as a link */
    const char *html = "<p>x<a href=\"#fn1\">1</a>(y) z<a href=\"#fn2\">2</a></p><ol>"
                       "<li>Word <a href=\"#fnref1\">back</a></li><li><a href=\"http://e.com/\">"
                       "http://e.com/</a> <a href=\"#fnref2\">back</a></li></ol>";
    CHECK_MD(html, "x[^1]\\(y) z[^2]\n\n[^1]: Word <!-- -->\n\n[^2]: <http://e.com/> <!-- -->\n");
    check_round_trip(html);
}

int main(void)
{
    test_escaping();
    test_destinations();
    test_front_matter();
    test_front_matter_reads_back();
    test_fences();
    test_reference_links();
    test_wrap();
    test_tables();
    test_emphasis();
    test_notes();
    return harness_done();
}
