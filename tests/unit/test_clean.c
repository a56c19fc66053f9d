/* test_clean.c — the clean stage (clean.c, boiler.c, lazyimg.c) on small
 * articles written for these tests: boilerplate blocks, lazy images,
 * video embeds, URLs and attributes, the repeated title, tables, empty
 * nodes. Each test cleans the <body> of a page and reads the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "internal.h"
#include "score.h"

typedef struct {
    arena *a;
    dom_doc d;
    char *text; /* text of the cleaned body, malloc'd */
} page;

/* clean_page with dom limits lim (deep or large test pages). */
static void clean_page_lim(page *p, const char *body, const char *base, const char *title,
                           const dom_limits *lim);

static void clean_page(page *p, const char *body, const char *base, const char *title)
{
    dom_limits lim = {512, 100000, 64};
    clean_page_lim(p, body, base, title, &lim);
}

static void clean_page_lim(page *p, const char *body, const char *base, const char *title,
                           const dom_limits *lim)
{
    memset(p, 0, sizeof *p);
    p->a = arena_new();
    buf html = BUF_INIT;
    buf_puts(&html, "<html><body>");
    buf_puts(&html, body);
    buf_puts(&html, "</body></html>");
    CHECK(dom_parse(p->a, html.data, html.len, lim, &p->d) == FOLIO_OK);
    buf_free(&html);
    clean_context c = {base, title, true};
    CHECK(clean_article(&p->d, p->d.body, &c) == FOLIO_OK);
    buf b = BUF_INIT;
    dom_text_content(p->d.body, &b);
    p->text = buf_detach(&b, NULL);
}

static void page_free(page *p)
{
    free(p->text);
    arena_free(p->a);
}

static bool has(const page *p, const char *s)
{
    return p->text && strstr(p->text, s) != NULL;
}

/* The first element of tag t under the body. */
static dom_node *first(page *p, dom_tag t)
{
    return dom_find(p->d.body, t);
}

#define PROSE(w) \
    "<p>" w " opened on Tuesday, and the town, which had waited for years, came out to see it. " \
    "Engineers said the work, delayed twice, was finished on time; the mayor thanked them.</p>"

static void test_boilerplate(void)
{
    page p;
    clean_page(&p,
               PROSE("The bridge")
               "<div class='share-bar'><a href='/f'>Facebook</a> <a href='/t'>Twitter</a></div>"
               "<div class='related-posts'><h3>Related</h3><ul><li><a href='/1'>One</a></li>"
               "<li><a href='/2'>Two</a></li></ul></div>"
               "<div id='cookie-banner'><p>We use cookies to improve your experience.</p></div>"
               "<div class='newsletter'><p>Subscribe to our newsletter today.</p></div>"
               "<div class='ad'>Advertisement</div>"
               "<section id='comments'><p>Nice post, thanks, really, yes, I agree with it.</p></section>"
               "<p>Foto: dpa</p><p>Share | Tweet</p><p>12 Kommentare</p>"
               PROSE("The road"),
               NULL, NULL);
    CHECK(has(&p, "The bridge opened") && has(&p, "The road opened"));
    CHECK(!has(&p, "Facebook") && !has(&p, "Related") && !has(&p, "cookies"));
    CHECK(!has(&p, "newsletter") && !has(&p, "Advertisement") && !has(&p, "Nice post"));
    CHECK(!has(&p, "Foto") && !has(&p, "Tweet") && !has(&p, "Kommentare"));
    page_free(&p);
}

static void test_keeps_content(void)
{
    page p;
    clean_page(&p,
               PROSE("The bridge")
               "<h2>How it was built</h2>" PROSE("The pier")
               "<ul><li>Steel, from the north, in May</li><li>Concrete, poured, in June</li></ul>"
               "<blockquote><p>It is a fine bridge, said the mayor, and a long one.</p></blockquote>"
               "<pre><code class='language-c'>int main(void) { return 0; }</code></pre>"
               "<figure><img src='/a.jpg' alt='The bridge'><figcaption>The bridge at dawn"
               "</figcaption></figure>"
               "<p>A <a href='/wiki/Steel'>steel</a> frame holds it.</p>",
               "https://example.org/news/", NULL);
    CHECK(has(&p, "How it was built") && has(&p, "Concrete, poured") && has(&p, "fine bridge"));
    CHECK(has(&p, "int main") && has(&p, "The bridge at dawn") && has(&p, "A steel frame"));
    dom_node *code = first(&p, TAG_CODE);
    CHECK(code && dom_attr(code, "class") && strcmp(dom_attr(code, "class"), "language-c") == 0);
    dom_node *img = first(&p, TAG_IMG);
    CHECK_STR(img ? dom_attr(img, "src") : NULL, "https://example.org/a.jpg");
    dom_node *a = first(&p, TAG_A);
    CHECK_STR(a ? dom_attr(a, "href") : NULL, "https://example.org/wiki/Steel");
    page_free(&p);
}

static void test_lazy_images(void)
{
    page p;
    clean_page(&p,
               PROSE("The bridge")
               "<img class='a' src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='/lazy.jpg'>"
               "<img class='b' srcset='/s-320.jpg 320w, /s-1280.jpg 1280w, /s-640.jpg 640w'>"
               "<picture><source srcset='/p-800.webp 800w, /p-1600.webp 1600w'><img class='c'></picture>"
               "<img class='d' src='/placeholder.gif'><noscript><img src='/real.jpg'></noscript>"
               "<img class='e' src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>",
               "https://example.org/", NULL);
    const char *want[] = {"https://example.org/lazy.jpg", "https://example.org/s-1280.jpg",
                          "https://example.org/p-1600.webp", "https://example.org/real.jpg"};
    size_t k = 0;
    for (dom_node *n = p.d.body; n; n = dom_next(n, p.d.body))
        if (dom_is(n, TAG_IMG)) {
            CHECK(k < 4);
            if (k < 4)
                CHECK_STR(dom_attr(n, "src"), want[k]);
            k++;
        }
    CHECK(k == 4); /* the lone placeholder pixel is gone */
    page_free(&p);
}

static void test_safety(void)
{
    page p;
    clean_page(&p,
               PROSE("The bridge")
               "<p onclick='evil()' style='color:red'>Click <a href='javascript:alert(1)'>here</a> "
               "or <a href='vbscript:x'>there</a>, please, if you like.</p>"
               "<script>var x = 1;</script><style>p{}</style><form><input name='q'></form>"
               "<object data='x.swf'></object><img src='javascript:alert(2)'>"
               "<iframe src='https://www.youtube.com/embed/abc123'></iframe>"
               "<iframe src='https://ads.example/frame'></iframe>",
               NULL, NULL);
    CHECK(has(&p, "Click here or there") && !has(&p, "var x"));
    for (dom_node *n = p.d.body; n; n = dom_next(n, p.d.body)) {
        if (n->kind != DOM_ELEMENT)
            continue;
        CHECK(!dom_is(n, TAG_SCRIPT) && !dom_is(n, TAG_IFRAME) && !dom_is(n, TAG_OBJECT) &&
              !dom_is(n, TAG_FORM) && !dom_is(n, TAG_INPUT));
        for (unsigned i = 0; i < n->nattrs; i++)
            CHECK(strncmp(n->attrs[i].name, "on", 2) != 0 && strcmp(n->attrs[i].name, "style") != 0);
        if (dom_is(n, TAG_A))
            CHECK(strncmp(dom_attr(n, "href"), "https://", 8) == 0);
        CHECK(!dom_is(n, TAG_IMG));
    }
    CHECK(has(&p, "Video: https://www.youtube.com/embed/abc123"));
    page_free(&p);
}

static void test_title_and_headings(void)
{
    page p;
    clean_page(&p,
               "<h1>The Bridge Opens</h1>" PROSE("The bridge") "<h2>Section</h2>" PROSE("The road")
               "<h2>More on this</h2><div class='related'><a href='/x'>X</a></div>",
               NULL, "The Bridge Opens - Daily Planet");
    CHECK(!has(&p, "The Bridge Opens") && has(&p, "Section") && !has(&p, "More on this"));
    page_free(&p);
}

static void test_tables(void)
{
    page p;
    clean_page(&p,
               "<table><tr><td>" PROSE("The bridge") "</td><td>" PROSE("The road") "</td></tr></table>"
               "<table><caption>Spans</caption><tr><th>Bridge</th><th>Metres</th></tr>"
               "<tr><td>North</td><td>120</td></tr><tr><td>South</td><td>80</td></tr></table>",
               NULL, NULL);
    dom_node *t = first(&p, TAG_TABLE);
    CHECK(t != NULL && dom_find(t, TAG_CAPTION) != NULL); /* the data table stays */
    CHECK(has(&p, "The bridge opened") && has(&p, "North"));
    int tables = 0;
    for (dom_node *n = p.d.body; n; n = dom_next(n, p.d.body))
        tables += dom_is(n, TAG_TABLE);
    CHECK(tables == 1); /* the layout table became divs */
    page_free(&p);
}

/* Regression: clean was quadratic inside layout tables (every node asked
 * every table around it, and searched its own subtree, whether it was a
 * data table). Thousands of paragraphs in one layout table cell, and 2000
 * nested divs each holding a small table, must come out whole and fast. */
static void test_tables_at_scale(void)
{
    enum { PARAS = 4000, DEPTH = 2000 };
    dom_limits lim = {DEPTH + 64, 400000, 64};
    char line[256];
    buf b = BUF_INIT;
    buf_puts(&b, "<table><tr><td>");
    for (int i = 0; i < PARAS; i++) {
        snprintf(line, sizeof line,
                 "<p>Paragraph %d: the bridge opened, and the town came out to see it.</p>", i);
        buf_puts(&b, line);
    }
    buf_puts(&b, "</td></tr></table>");
    page p;
    clean_page_lim(&p, b.data, NULL, NULL, &lim);
    CHECK(has(&p, "Paragraph 0: the bridge") && has(&p, "Paragraph 3999: the bridge"));
    CHECK(first(&p, TAG_TABLE) == NULL); /* the layout table became divs */
    page_free(&p);

    buf_truncate(&b, 0);
    for (int i = 0; i < DEPTH; i++) {
        snprintf(line, sizeof line,
                 "<div><table><tr><td>a%d</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>"
                 "</table><p>Level %d, with a comma, ends here.</p>", i, i);
        buf_puts(&b, line);
    }
    for (int i = 0; i < DEPTH; i++)
        buf_puts(&b, "</div>");
    clean_page_lim(&p, b.data, NULL, NULL, &lim);
    CHECK(has(&p, "Level 0, with a comma") && has(&p, "Level 1999, with a comma"));
    page_free(&p);
    buf_free(&b);
}

static void test_hidden_and_empty(void)
{
    page p;
    clean_page(&p,
               PROSE("The bridge") "<div aria-hidden='true'>Hidden words</div>"
               "<p class='sr-only'>Screen reader text</p><div><span> </span></div><p></p>",
               NULL, NULL);
    CHECK(!has(&p, "Hidden words") && !has(&p, "Screen reader"));
    int empty = 0;
    for (dom_node *n = p.d.body->first; n; n = n->next)
        empty += n->kind == DOM_ELEMENT && n->first == NULL;
    CHECK(empty == 0);
    page_free(&p);
}

/* The element under the body whose id is id, or NULL. */
static dom_node *by_id(page *p, const char *id)
{
    for (dom_node *n = p->d.body; n; n = dom_next(n, p->d.body)) {
        const char *v = dom_is_element(n) ? dom_attr(n, "id") : NULL;
        if (v && strcmp(v, id) == 0)
            return n;
    }
    return NULL;
}

/* Footnote ids, ids that same-page links point to and the class of the
 * notes container stay for the model's footnote finder; other ids and
 * classes go. */
static void test_footnote_attributes(void)
{
    page p;
    clean_page(&p,
               PROSE("The ferry") "<p id=\"intro\" class=\"lede big\">Text<sup id=\"fnref:1\">"
               "<a href=\"#fn:1\">1</a></sup> and <a href=\"#sec-two\">more</a>.</p>"
               "<h2 id=\"sec-two\">Two</h2>" PROSE("The pier")
               "<div class=\"footnotes wide\"><ol><li id=\"fn:1\">A note. "
               "<a href=\"#fnref:1\">back</a></li></ol></div>"
               "<p id=\"notebook\">Notebook pages, in a paragraph of its own, stay text.</p>",
               NULL, NULL);
    CHECK(by_id(&p, "fnref:1") && by_id(&p, "fn:1") && by_id(&p, "sec-two"));
    CHECK(!by_id(&p, "intro") && !by_id(&p, "notebook"));
    dom_node *box = by_id(&p, "fn:1");
    for (box = box ? box->parent : NULL; box && !dom_is(box, TAG_DIV); box = box->parent)
        ;
    CHECK(box && dom_attr(box, "class") && strcmp(dom_attr(box, "class"), "footnotes") == 0);
    page_free(&p);
    CHECK(score_is_note_id("cite_note-miller-2", 18) && score_is_note_id("fn1", 3));
    CHECK(score_is_note_id("ref-4", 5) && !score_is_note_id("referral", 8));
    CHECK(!score_is_note_id("notebook", 8) && !score_is_note_id("fnord", 5));
}

int main(void)
{
    test_boilerplate();
    test_keeps_content();
    test_lazy_images();
    test_safety();
    test_title_and_headings();
    test_tables();
    test_tables_at_scale();
    test_hidden_and_empty();
    test_footnote_attributes();
    return harness_done();
}
