/* test_extract.c — the extract stage and its tables (score.c, hidden.c) on
 * small pages written for these tests: token matching, punctuation of
 * every script, the choice of the article, siblings, hidden and comment
 * sections, the title's section, and pages that hold no article. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "hidden.h"
#include "internal.h"
#include "score.h"

typedef struct {
    arena *a;
    dom_doc d;
    dom_node *article;
    char *text; /* the article's text, malloc'd */
} page;

/* Parses html, runs extract with the given title; the text of the pick
 * (skipping marked nodes) goes to p->text. */
static void extract_page(page *p, const char *html, const char *title)
{
    memset(p, 0, sizeof *p);
    p->a = arena_new();
    dom_limits lim = {512, 100000, 64};
    CHECK(dom_parse(p->a, html, strlen(html), &lim, &p->d) == FOLIO_OK);
    folio_meta m;
    memset(&m, 0, sizeof m);
    m.title = title;
    meta_hints h;
    memset(&h, 0, sizeof h);
    CHECK(extract_article(&p->d, &m, &h, &p->article) == FOLIO_OK);
    buf b = BUF_INIT;
    if (p->article)
        dom_text_content(p->article, &b);
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

#define PROSE(w) \
    "<p>" w " opened on Tuesday, and the town, which had waited for years, came out to see it. " \
    "Engineers said the work, delayed twice, was finished on time; the mayor thanked them.</p>"

static void test_tokens(void)
{
    CHECK(score_tables_sorted());
    CHECK(score_tokens_of("ad-slot", 7) & SCORE_K_BOIL);
    CHECK(!(score_tokens_of("masthead", 8) & SCORE_K_BOIL));   /* "ad" is not a substring hit */
    CHECK(!(score_tokens_of("header", 6) & SCORE_K_BOIL));
    CHECK(score_tokens_of("relatedPosts", 12) & SCORE_K_NEG);   /* camelCase parts */
    CHECK(score_tokens_of("post_comments", 13) & SCORE_K_COMMENT);
    CHECK(!(score_tokens_of("commentary", 10) & SCORE_K_COMMENT));
    CHECK(score_tokens_of("entry-content", 13) & SCORE_K_POS);
    CHECK(score_tokens_of("x hidden", 8) & SCORE_K_HIDDEN);
    CHECK(!(score_tokens_of("hidden-xs", 9) & SCORE_K_HIDDEN)); /* hides on phones only */
    CHECK(score_tokens_of("SIDEBAR", 7) & SCORE_K_NEG);          /* case ignored, no cut */
    CHECK(score_tokens_of("\tfooter\n", 8) & SCORE_K_NEG);
    CHECK(score_tokens_of("screen-reader-text", 18) & SCORE_K_HIDDEN); /* the longest word */
    CHECK(score_tokens_of("site-navigation-wrapper", 23) & SCORE_K_NEG); /* parts of a long one */
    CHECK(score_tokens_of("mainNavBar", 10) == (SCORE_K_POS | SCORE_K_MAYBE | SCORE_K_NEG |
                                               SCORE_K_UNLIKELY | SCORE_K_BOIL));
    CHECK(score_tokens_of("2col x9 zz", 10) == 0);
}

static void test_punctuation(void)
{
    float commas = 0, terms = 0, chars = 0;
    const char *de = "Er kam, sah und ging. Dann 3.5 Tage Ruhe!";
    score_punct(de, strlen(de), &commas, &terms, &chars);
    CHECK(commas == 1 && terms == 2); /* "3.5" ends no sentence */
    commas = terms = chars = 0;
    const char *zh = "\xE4\xBB\x8A\xE5\xA4\xA9\xEF\xBC\x8C\xE5\xA4\xA9\xE6\xB0\x94\xE5\xBE\x88"
                     "\xE5\xA5\xBD\xE3\x80\x82"; /* 今天，天气很好。 */
    score_punct(zh, strlen(zh), &commas, &terms, &chars);
    CHECK(commas == 1 && terms == 1 && chars == 8);
    CHECK(score_is_share_line("Share | Tweet | E-Mail", 22));
    CHECK(!score_is_share_line("Share prices fell", 17));
    CHECK(score_is_label_line("12 Kommentare", 13));
    CHECK(score_is_credit_line("Foto: dpa", 9));
    CHECK(score_is_readmore_line("Lesen Sie auch: Die Brücke", 27));
    /* capitalised non-ASCII labels fold to the table's lower case */
    CHECK(score_is_readmore_line("\xC3\x84hnliche Artikel", 17));
    CHECK(score_is_readmore_line("\xC3\x80 lire aussi : le pont", 23));
    CHECK(score_is_credit_line("\xC5\xB9r\xC3\xB3" "d\xC5\x82o: PAP", 14));
    CHECK(!score_is_readmore_line("\xC3\x84hnlich wie im Vorjahr", 23));
}

static void test_hidden(void)
{
    CHECK(hidden_style("color:red; display : none", 25));
    CHECK(hidden_style("VISIBILITY:hidden", 17));
    CHECK(!hidden_style("display:none-ish", 16));
    CHECK(!hidden_style("display:block", 13));
}

static void test_pick_article(void)
{
    page p;
    extract_page(&p,
                 "<html><body><div class='menu'><a href='/a'>Home</a> <a href='/b'>News</a></div>"
                 "<div class='sidebar'><ul><li><a href='/1'>Other story one</a></li>"
                 "<li><a href='/2'>Other story two</a></li></ul></div>"
                 "<div class='story'>" PROSE("The bridge") PROSE("The road") "</div>"
                 "<div class='footer'>Copyright, all rights, reserved, by us, forever, yes.</div>"
                 "</body></html>",
                 NULL);
    CHECK(p.article != NULL);
    CHECK(has(&p, "The bridge opened") && has(&p, "The road opened"));
    CHECK(!has(&p, "Home") && !has(&p, "Other story") && !has(&p, "Copyright"));
    page_free(&p);
}

static void test_siblings_joined(void)
{
    page p;
    extract_page(&p,
                 "<html><body><div id='wrap'><div class='part'>" PROSE("The bridge") PROSE("The dam")
                 "</div><div class='part'>" PROSE("The tunnel") PROSE("The canal") "</div>"
                 PROSE("The tower") "</div><div class='links'><a href='/x'>More</a></div></body></html>",
                 NULL);
    CHECK(p.article != NULL);
    CHECK(has(&p, "The bridge") && has(&p, "The tunnel") && has(&p, "The tower"));
    CHECK(!has(&p, "More"));
    page_free(&p);
}

static void test_hidden_and_comments(void)
{
    page p;
    extract_page(&p,
                 "<html><body><div class='post'>" PROSE("The bridge") PROSE("The ramp") PROSE("The gate")
                 "<div style='display:none'>" PROSE("A hidden note") "</div>"
                 "<p hidden>Secret words, never shown, to anyone, at all, ever.</p></div>"
                 "<div id='comments'>" PROSE("Comment one") PROSE("Comment two") PROSE("Comment three")
                 PROSE("Comment four") "</div></body></html>",
                 NULL);
    CHECK(p.article != NULL);
    CHECK(has(&p, "The bridge"));
    CHECK(!has(&p, "hidden note") && !has(&p, "Secret") && !has(&p, "Comment one"));
    page_free(&p);
}

static void test_title_section(void)
{
    /* an infinite-scroll page: the next story is longer, but after its h1 */
    page p;
    extract_page(&p,
                 "<html><body><h1>Bridge opens at last</h1><div class='a1'>" PROSE("The bridge")
                 PROSE("The ramp") "</div><h1>Tunnel plans unveiled</h1><div class='a2'>"
                 PROSE("The tunnel") PROSE("The shaft") PROSE("The drill") PROSE("The works") "</div>"
                 "</body></html>",
                 "Bridge opens at last");
    CHECK(p.article != NULL);
    CHECK(has(&p, "The bridge") && !has(&p, "The tunnel"));
    page_free(&p);
}

static void test_front_page(void)
{
    /* teasers: headline links with one-line blurbs */
    const char *teaser = "<div class='teaser'><h2><a href='/s'>A headline about a thing</a></h2>"
                         "<p>One line about it.</p></div>";
    char html[4096] = "<html><body><div class='front'>";
    for (int i = 0; i < 12; i++)
        strcat(html, teaser);
    strcat(html, "</div></body></html>");
    page p;
    extract_page(&p, html, NULL);
    CHECK(p.article == NULL);
    page_free(&p);
    /* a list of links */
    extract_page(&p,
                 "<html><body><ul><li><a href='/1'>First link of many</a></li><li><a href='/2'>"
                 "Second link of many</a></li><li><a href='/3'>Third link of many</a></li>"
                 "<li><a href='/4'>Fourth link of many</a></li></ul></body></html>",
                 NULL);
    CHECK(p.article == NULL);
    page_free(&p);
}

static void test_short_page_kept(void)
{
    page p;
    extract_page(&p, "<html><body><p>Just a few words.</p></body></html>", NULL);
    CHECK(p.article != NULL);
    CHECK(has(&p, "Just a few words."));
    page_free(&p);
}

static void test_cjk_article(void)
{
    /* few ASCII commas: the CJK ones must count */
    page p;
    extract_page(&p,
                 "<html><body><div class='nav'><a href='/'>首页</a><a href='/n'>新闻</a></div>"
                 "<div class='wen'><p>今天，天气很好，我们去了公园，看到了很多花。公园里有很多人，"
                 "大家都很高兴。</p><p>下午，我们去了博物馆，看了很多古代的东西，学到了很多知识。"
                 "晚上，我们回家了。</p></div></body></html>",
                 NULL);
    CHECK(p.article != NULL);
    CHECK(has(&p, "博物馆") && !has(&p, "首页"));
    page_free(&p);
}

/* The first <img> of the pick whose src is src, or NULL. */
static const dom_node *img_with(const page *p, const char *src)
{
    for (const dom_node *n = p->article; n; n = dom_next(n, p->article)) {
        const char *v = dom_is(n, TAG_IMG) ? dom_attr(n, "src") : NULL;
        if (v && strcmp(v, src) == 0)
            return n;
    }
    return NULL;
}

/* The lead image between the title heading and the body joins the pick;
 * icons, pixels, promos linked to another page and images in share
 * blocks do not. */
static void test_lead_image(void)
{
    page p;
    extract_page(&p,
                 "<html><body><article><header><h1>The ferry returns</h1></header>"
                 "<div class='share'><img src='/fb.png' width='600' height='300'></div>"
                 "<img src='/pixel.gif' width='1' height='1'>"
                 "<a href='/subscribe'><img src='/promo.jpg' width='600' height='200'></a>"
                 "<figure><a href='/big/lead.jpg'><img src='/lead.jpg' width='800'></a>"
                 "<figcaption>The ferry at the pier.</figcaption></figure>"
                 "<div class='story'>" PROSE("The ferry") PROSE("The pier") PROSE("The quay")
                 "</div></article></body></html>",
                 "The ferry returns");
    CHECK(p.article && img_with(&p, "/lead.jpg"));
    CHECK(!img_with(&p, "/fb.png") && !img_with(&p, "/pixel.gif") && !img_with(&p, "/promo.jpg"));
    CHECK(has(&p, "The quay"));
    page_free(&p);
}

int main(void)
{
    test_tokens();
    test_punctuation();
    test_hidden();
    test_pick_article();
    test_siblings_joined();
    test_hidden_and_comments();
    test_title_section();
    test_front_page();
    test_short_page_kept();
    test_cjk_article();
    test_lead_image();
    return harness_done();
}
