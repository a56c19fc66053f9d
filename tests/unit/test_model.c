/* test_model.c — the document model: each HTML construct becomes the cmark
 * nodes the writers expect (checked through the Markdown they render, and
 * on the tree where Markdown would hide the difference). */
#include "harness.h"
#include "model_helpers.h"

static void test_blocks(void)
{
    CHECK_MD("<h1>One</h1><h3>Three <em>x</em></h3>", "# One\n\n### Three *x*\n");
    CHECK_MD("<p>a</p><div>b<p>c</p>d</div>", "a\n\nb\n\nc\n\nd\n");
    CHECK_MD("<blockquote><p>q</p><ul><li>x</li></ul><blockquote>deep</blockquote></blockquote>",
             "> q\n> \n>   - x\n> \n> > deep\n");
    CHECK_MD("<p>a</p><hr><p>b</p>", "a\n\n-----\n\nb\n");
    /* inline content beside blocks is wrapped into paragraphs */
    CHECK_MD("<div>lead <b>bold</b><h2>H</h2>tail</div>", "lead **bold**\n\n## H\n\ntail\n");
    /* a block inside a heading only separates words */
    CHECK_MD("<h2><div>Split</div><div>title</div></h2>", "## Split title\n");
}

static void test_lists(void)
{
    CHECK_MD("<ol start=\"3\"><li>a<ul><li>b</li></ul></li><li>c</li></ol>",
             "3.  a\n      - b\n4.  c\n");
    CHECK_MD("<ul><li>one</li><li></li><li>two</li></ul>", "  - one\n  - two\n");
    /* two paragraphs in an item make the list loose */
    CHECK_MD("<ul><li><p>a</p><p>b</p></li><li>c</li></ul>", "  - a\n    \n    b\n\n  - c\n");
    /* a list directly inside a list goes into the item before it */
    CHECK_MD("<ul><li>a</li><ul><li>b</li></ul></ul>", "  - a\n      - b\n");
}

static void test_code(void)
{
    CHECK_MD("<pre class=\"brush: python; gutter: false\">x = 1</pre>", "```python\nx = 1\n```\n");
    CHECK_MD("<pre><code class=\"language-js\">f()\n\ng()</code></pre>",
             "```js\nf()\n\ng()\n```\n");
    CHECK_MD("<pre class=\"highlight-source-rust\">fn</pre>", "```rust\nfn\n```\n");
    CHECK_MD("<pre><code class=\"hljs nohighlight\">plain</code></pre>", "```\nplain\n```\n");
    CHECK_MD("<pre>a<br>b</pre>", "```\na\nb\n```\n");
    CHECK_MD("<p>call <code> f( x ) </code> now</p>", "call `f( x )` now\n");
    CHECK_MD("<p>tick <code>a`b</code></p>", "tick ``a`b``\n");
}

static void test_inlines(void)
{
    CHECK_MD("<p>  a \n b <em> c </em> d</p>", "a b *c* d\n");
    CHECK_MD("<p><strong>bold</strong> and <i>it</i><b></b></p>", "**bold** and *it*\n");
    CHECK_MD("<p><a href=\"http://e.com/x\" title=\"T\">link</a> <a>plain</a></p>",
             "[link](http://e.com/x \"T\") plain\n");
    CHECK_MD("<p><a href=\"javascript:alert(1)\">js</a></p>", "js\n");
    CHECK_MD("<p><img src=\"http://e.com/i.png\" alt=\" An  image \" title=\"T\"></p>",
             "![An image](http://e.com/i.png \"T\")\n");
    CHECK_MD("<p><img alt=\"no source\">x</p>", "x\n");
    CHECK_MD("<p>x<sub>2</sub> y<sup>3</sup></p>", "x2 y3\n");
    CHECK_MD("<p>He said <q>hi <q>there</q></q>.</p>",
             "He said \xE2\x80\x9Chi \xE2\x80\x9Cthere\xE2\x80\x9D\xE2\x80\x9D.\n");
    CHECK_MD("<p>a<br>b<br><br>c</p>", "a  \nb\n\nc\n");
    CHECK_MD("<p><br>a<br></p>", "a\n");
    /* two breaks inside bold still end the paragraph */
    CHECK_MD("<p><b>Info:<br><br>more</b></p>", "**Info:**\n\nmore\n");
    /* neighbouring runs of the same emphasis are one */
    CHECK_MD("<p><b>Enzyklika \xE2\x80\x9E</b><b>Deus</b> <i>a</i><i>b</i></p>",
             "**Enzyklika \xE2\x80\x9E"
             "Deus** *ab*\n");
    /* zero-width characters and soft hyphens go, no-break spaces are spaces */
    CHECK_MD("<p>a\xE2\x80\x8B"
             "b\xC2\xAD"
             "c\xC2\xA0"
             "d&nbsp;&nbsp;e</p>",
             "abc d e\n");
}

static void test_skipped(void)
{
    CHECK_MD("<p>a<script>x()</script><style>p{}</style>b</p><template>t</template>", "ab\n");
    folio_doc *d = calloc(1, sizeof *d);
    d->arena = arena_new();
    dom_limits lim = {2048, 4000000, 512};
    const char *html = "<p>keep</p><p id=gone>gone</p>";
    CHECK(dom_parse(d->arena, html, strlen(html), &lim, &d->dom) == FOLIO_OK);
    d->dom.body->last->flags |= DOM_MARK_REMOVED;
    CHECK(model_build(d->dom.body, &d->model) == FOLIO_OK);
    char *md = render_with(markdown_body, d);
    CHECK_STR(md, "keep\n");
    free(md);
    doc_free(d);
}

static void test_figures(void)
{
    CHECK_MD("<figure><img src=\"http://e.com/i.png\" alt=\"pic\"><figcaption>The <b>caption</b>"
             "</figcaption></figure>",
             "![pic](http://e.com/i.png)\n\n*The **caption***\n");
    CHECK_MD("<dl><dt>Term</dt><dd>Definition <i>here</i></dd></dl>",
             "**Term**\n\nDefinition *here*\n");
}

/* The kinds of the nodes of a table, in document order. */
static void test_table_model(void)
{
    folio_doc *d = doc_from_html("<table><caption>Cap</caption><tr><th>A</th><th colspan=2>B"
                                 "</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>");
    cmark_node *t = cmark_node_first_child(d->model);
    CHECK(model_node_kind(t) == MODEL_TABLE);
    cmark_node *cap = cmark_node_first_child(t);
    CHECK(model_node_kind(cap) == MODEL_CAPTION);
    cmark_node *sec = cmark_node_next(cap);
    CHECK(model_node_kind(sec) == MODEL_TSECTION);
    cmark_node *row = cmark_node_first_child(sec);
    CHECK(model_node_kind(row) == MODEL_ROW);
    cmark_node *th = cmark_node_last_child(row);
    CHECK(model_node_kind(th) == MODEL_HEADCELL);
    CHECK_STR(cmark_node_get_on_enter(th), "<th colspan=\"2\">");
    char *html = cmark_render_html(d->model, CMARK_OPT_DEFAULT);
    CHECK(strstr(html, "<table>") && strstr(html, "<th colspan=\"2\">") &&
          strstr(html, "<caption>"));
    free(html);
    doc_free(d);
}

static void test_layout_tables(void)
{
    /* one cell per row: a layout table dissolves into its content */
    CHECK_MD("<table><tr><td><h2>T</h2><p>body</p></td></tr><tr><td>more</td></tr></table>",
             "## T\n\nbody\n\nmore\n");
    CHECK_MD("<table><tr><td></td><td> </td></tr></table><p>x</p>", "x\n");
}

static void test_footnotes(void)
{
    folio_doc *d = doc_from_html("<p>Claim<sup><a href=\"http://e.com/p#fn1\">1</a></sup> and "
                                 "<a href=\"#fn:2\">[2]</a>.</p><div class=\"footnotes\"><ol>"
                                 "<li id=\"fn1\"><p>First note. <a href=\"#fnref1\">\xE2\x86\xA9"
                                 "</a></p></li><li><p id=\"fn:2\">Second</p><p>part.</p></li>"
                                 "</ol></div>");
    cmark_node *p = cmark_node_first_child(d->model);
    cmark_node *ref = cmark_node_next(cmark_node_first_child(p));
    CHECK(model_node_kind(ref) == MODEL_FNREF && model_node_number(ref) == 1);
    cmark_node *notes = cmark_node_last_child(d->model);
    CHECK(model_node_kind(notes) == MODEL_FOOTNOTES);
    CHECK(model_node_number(cmark_node_last_child(notes)) == 2);
    char *md = render_with(markdown_body, d);
    CHECK_STR(md, "Claim[^1] and [^2].\n\n[^1]: First note.\n\n[^2]: Second part.\n");
    free(md);
    char *html = cmark_render_html(d->model, CMARK_OPT_DEFAULT);
    CHECK(strstr(html, "<sup id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>") != NULL);
    CHECK(strstr(html, "<li id=\"fn-2\">") != NULL);
    free(html);
    doc_free(d);
}

/* Without the classes and ids (cleaning drops them), the notes are the
 * list whose items link back, and #fnN is its N-th item. */
static void test_footnotes_by_backlinks(void)
{
    CHECK_MD(
        "<p>A<sup><a href=\"#fn2\">2</a></sup> b<a href=\"#sec3\">3</a>.</p><ol><li>x</li>"
        "</ol><ol><li>One <a href=\"#fnref1\">\xE2\x86\xA9</a></li><li>Two <a href=\"#fnref2\">"
        "back</a></li></ol>",
        "A[^2] b[3](#sec3).\n\n1.  x\n\n[^1]: One <!-- -->\n\n[^2]: Two <!-- -->\n");
    CHECK_MD("<p>x<a href=\"#fn1\">1</a>(y)</p><ol><li>N <a href=\"#fnref1\">back</a></li></ol>",
             "x[^1]\\(y)\n\n[^1]: N <!-- -->\n");
    CHECK_MD("<p>W<sup><a href=\"#cite_note-name-1\">[1]</a></sup></p><ol><li><a href=\"#cite_ref-"
             "name_1-0\">^</a> <cite>A <i>book</i></cite></li></ol>",
             "W[^1]\n\n[^1]: *A book*\n");
}

int main(void)
{
    test_blocks();
    test_lists();
    test_code();
    test_inlines();
    test_skipped();
    test_figures();
    test_table_model();
    test_layout_tables();
    test_footnotes();
    test_footnotes_by_backlinks();
    return harness_done();
}
