/* test_meta.c — the meta stage on small pages written for these tests:
 * each source of metadata, the order of trust between them, and the
 * cleaning of titles, names, dates and languages. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "internal.h"

/* 2024-06-01T00:00:00Z: the conversion time of most tests. */
#define NOW 1717200000LL

static folio_doc *parse_at(const char *html, const char *url, long long now)
{
    folio_options o;
    folio_options_init(&o);
    o.url = url;
    o.now = now;
    folio_doc *d = NULL;
    folio_status st = folio_doc_parse(html, strlen(html), &o, &d);
    CHECK(st == FOLIO_OK);
    return st == FOLIO_OK ? d : NULL;
}

static folio_doc *parse(const char *html)
{
    return parse_at(html, NULL, NOW);
}

#define BODY "<p>Some text of the article, long enough to be one, with commas, and more.</p>"

/* ------------------------------------------------------------- JSON-LD */

static void test_jsonld_graph(void)
{
    folio_doc *d = parse(
        "<html><head><title>Ignored | Daily Planet</title>"
        "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"WebSite\",\"@id\":\"#site\",\"name\":\"Daily Planet\"},"
        "{\"@type\":\"Person\",\"@id\":\"#lois\",\"name\":\"Lois Lane\"},"
        "{\"@type\":[\"NewsArticle\",\"Article\"],\"headline\":\"Bridge Opens \\u2013 At Last\","
        "\"author\":[{\"@id\":\"#lois\"},{\"@type\":\"Person\",\"givenName\":\"Clark\","
        "\"familyName\":\"Kent\"}],\"datePublished\":\"2024-05-23T08:15:00-04:00\","
        "\"dateModified\":\"2024-05-24T09:00:00-04:00\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"The Daily Planet\"},"
        "\"image\":{\"@type\":\"ImageObject\",\"url\":\"https://img.example/bridge.jpg\"},"
        "\"articleBody\":\"The bridge opened.\"}]}</script>"
        "</head><body>" BODY "</body></html>");
    const folio_meta *m = folio_doc_meta(d);
    CHECK_STR(m->title, "Bridge Opens \xE2\x80\x93 At Last");
    CHECK_STR(m->author, "Lois Lane, Clark Kent");
    CHECK(m->nauthors == 2);
    CHECK_STR(m->date, "2024-05-23T08:15:00-04:00");
    CHECK_STR(m->modified, "2024-05-24T09:00:00-04:00");
    CHECK_STR(m->site, "The Daily Planet");
    CHECK_STR(m->image, "https://img.example/bridge.jpg");
    CHECK(d->hints.jsonld_body && d->hints.jsonld_body_len == 18);
    CHECK_STR(d->hints.page_type, "NewsArticle");
    folio_doc_free(d);
}

static void test_jsonld_array_and_broken(void)
{
    /* A broken script first: skipped, the page still parses; then an
     * array whose BlogPosting outranks the WebPage. */
    folio_doc *d = parse(
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
        "\"headline\":\"Broken</script>"
        "<script type=\"application/ld+json\"><!--\n[{\"@type\":\"WebPage\",\"name\":\"Page name\","
        "\"datePublished\":\"2020-01-01\"},{\"@type\":\"BlogPosting\",\"headline\":\"Post &amp; "
        "title\",\"author\":{\"@type\":\"Organization\",\"name\":\"Acme Corp\"},"
        "\"datePublished\":\"2023-03-04\",},]\n--></script></head><body>" BODY "</body></html>");
    const folio_meta *m = folio_doc_meta(d);
    CHECK_STR(m->title, "Post & title");
    CHECK_STR(m->date, "2023-03-04");
    CHECK_STR(m->author, "Acme Corp"); /* an organization, as no person is named */
    folio_doc_free(d);
}

static void test_byline_hint_from_jsonld(void)
{
    /* The author comes from JSON-LD; the hint points at the visible line. */
    folio_doc *d =
        parse("<html><head><script type='application/ld+json'>{\"@type\":\"BlogPosting\","
              "\"author\":{\"@type\":\"Person\",\"name\":\"Ada Lovelace\"},"
              "\"articleBody\":\"Text.\"}</script></head><body><h1>T</h1>"
              "<p class=\"post-author\">Written by Ada Lovelace</p>" BODY "</body></html>");
    CHECK_STR(folio_doc_meta(d)->author, "Ada Lovelace");
    CHECK(d->hints.byline && dom_has_class(d->hints.byline, "post-author"));
    CHECK(d->hints.jsonld_body && d->hints.jsonld_body_len == 5);
    folio_doc_free(d);
    /* No articleBody hint from a node that is no article. */
    d = parse("<html><head><script type='application/ld+json'>{\"@type\":\"WebPage\","
              "\"articleBody\":\"Text.\"}</script></head><body>" BODY "</body></html>");
    CHECK(d->hints.jsonld_body == NULL);
    CHECK_STR(d->hints.page_type, "WebPage");
    folio_doc_free(d);
}

static void test_jsonld_org_gives_way_to_person(void)
{
    folio_doc *d =
        parse("<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"headline\":\"H\",\"author\":{\"@type\":\"Organization\",\"name\":\"Acme News\"}}"
              "</script></head><body><h1>H</h1><p class=\"byline\">By Ada Lovelace</p>" BODY
              "</body></html>");
    CHECK_STR(folio_doc_meta(d)->author, "Ada Lovelace");
    folio_doc_free(d);
}

static void test_jsonld_deep_is_skipped(void)
{
    char *html = malloc(20000);
    strcpy(html, "<html><head><title>Deep</title><script type=\"application/ld+json\">");
    for (int i = 0; i < 5000; i++)
        strcat(html, "[");
    strcat(html, "</script></head><body>" BODY "</body></html>");
    folio_doc *d = parse(html);
    CHECK(d != NULL);
    if (d)
        CHECK_STR(folio_doc_meta(d)->title, "Deep");
    folio_doc_free(d);
    free(html);
}

/* ---------------------------------------------------------- <meta> keys */

static void test_opengraph(void)
{
    folio_doc *d =
        parse_at("<html lang=\"en_us\"><head><title>Tide tables explained | Coastline</title>"
                 "<meta property=\"og:title\" content=\"Tide tables explained\">"
                 "<meta property=\"og:site_name\" content=\"Coastline\">"
                 "<meta property=\"og:image\" content=\"/img/tide.png\">"
                 "<meta property=\"og:url\" content=\"https://coast.example/tides\">"
                 "<meta property=\"og:description\" content=\"OG words\">"
                 "<meta name=\"description\" content=\"  How   tides work. \">"
                 "<meta property=\"article:published_time\" content=\"2022-07-01T10:00:00+02:00\">"
                 "<meta property=\"article:modified_time\" content=\"2022-07-03T10:00:00+02:00\">"
                 "<meta property=\"article:author\" content=\"https://facebook.example/someone\">"
                 "<meta name=\"author\" content=\"By Grace Hopper, Staff Writer\">"
                 "</head><body>" BODY "</body></html>",
                 "https://coast.example/2021/01/02/tides?x=1", NOW);
    const folio_meta *m = folio_doc_meta(d);
    CHECK_STR(m->title, "Tide tables explained");
    CHECK_STR(m->site, "Coastline");
    CHECK_STR(m->image, "https://coast.example/img/tide.png");
    CHECK_STR(m->canonical, "https://coast.example/tides");
    CHECK_STR(m->description, "How tides work.");
    CHECK_STR(m->date, "2022-07-01T10:00:00+02:00"); /* meta outranks the URL */
    CHECK_STR(m->modified, "2022-07-03T10:00:00+02:00");
    CHECK_STR(m->author, "Grace Hopper");
    CHECK(d->hints.byline == NULL); /* named in <meta> only */
    CHECK_STR(m->lang, "en-US");
    CHECK_STR(m->source, "https://coast.example/2021/01/02/tides?x=1");
    folio_doc_free(d);
}

static void test_dublin_core_citation_parsely_sailthru(void)
{
    folio_doc *d = parse("<html><head><title>T</title>"
                         "<meta name=\"citation_title\" content=\"Citation title\">"
                         "<meta name=\"citation_author\" content=\"Noether, Emmy\">"
                         "<meta name=\"citation_author\" content=\"Hilbert, David\">"
                         "<meta name=\"citation_publication_date\" content=\"2019/03/05\">"
                         "</head><body>" BODY "</body></html>");
    const folio_meta *m = folio_doc_meta(d);
    CHECK_STR(m->title, "Citation title");
    CHECK(m->nauthors == 4); /* "Last, First" stays in order: joined back by ", " */
    CHECK_STR(m->author, "Noether, Emmy, Hilbert, David");
    CHECK_STR(m->date, "2019-03-05");
    folio_doc_free(d);

    d = parse("<html><head><meta name=\"parsely-title\" content=\"Parsely title\">"
              "<meta name=\"parsely-author\" content=\"Jane Doe\">"
              "<meta name=\"sailthru.author\" content=\"Someone Else\">"
              "<meta name=\"parsely-pub-date\" content=\"2024-04-20T04:20:00.000Z\">"
              "</head><body>" BODY "</body></html>");
    m = folio_doc_meta(d);
    CHECK_STR(m->title, "Parsely title");
    CHECK_STR(m->author, "Jane Doe");
    CHECK_STR(m->date, "2024-04-20T04:20:00Z");
    folio_doc_free(d);

    d = parse("<html><head><meta name=\"DC.title\" content=\"Name form\">"
              "<meta property=\"dc:title\" content=\"Property form\">"
              "<meta property=\"og:title twitter:title\" content=\"Shared\">"
              "<meta name=\"DC.creator\" content=\"Ada Lovelace\">"
              "<meta name=\"sailthru.date\" content=\"Tue, 05 Mar 2019 10:00:00 GMT\">"
              "</head><body>" BODY "</body></html>");
    m = folio_doc_meta(d);
    CHECK_STR(m->title, "Property form");
    CHECK_STR(m->author, "Ada Lovelace");
    CHECK_STR(m->date, "2019-03-05T10:00:00Z");
    folio_doc_free(d);
}

static void test_microdata(void)
{
    folio_doc *d = parse(
        "<html><head><title>Site title</title></head><body><article itemscope "
        "itemtype=\"https://schema.org/Article\"><h1 itemprop=\"headline\">Microdata head</h1>"
        "<span itemprop=\"author\" itemscope><span itemprop=\"name\">Alan Turing</span></span>"
        "<meta itemprop=\"datePublished\" content=\"2018-06-23\">" BODY "</article></body></html>");
    const folio_meta *m = folio_doc_meta(d);
    CHECK_STR(m->title, "Microdata head");
    CHECK_STR(m->author, "Alan Turing");
    CHECK(d->hints.byline && dom_attr(d->hints.byline, "itemprop"));
    CHECK_STR(m->date, "2018-06-23");
    CHECK_STR(d->hints.h1_title, "Microdata head");
    folio_doc_free(d);
}

/* ------------------------------------------------------ the visible page */

static void test_time_and_bylines(void)
{
    folio_doc *d =
        parse("<html><head><title>A walk in the hills - Hill Notes</title></head><body>"
              "<header><nav><a href=/>Home</a></nav></header>"
              "<h1>A walk in the hills</h1><div class=\"meta\"><a rel=\"author\" href=\"/u/r\">"
              "Rosalind Franklin</a> <time datetime=\"2021-09-14\">14 Sep</time></div>" BODY
              "</body></html>");
    const folio_meta *m = folio_doc_meta(d);
    CHECK_STR(m->title, "A walk in the hills"); /* kept part is the h1 (5 words) */
    CHECK_STR(m->author, "Rosalind Franklin");
    CHECK_STR(m->date, "2021-09-14");
    CHECK(d->hints.byline != NULL);
    folio_doc_free(d);

    d = parse("<html><head><title>Short - Notes</title></head><body><h1>Short</h1>"
              "<p>By <a href=\"/a\">Marie Curie</a> and Pierre Curie | Updated 3 hours ago</p>"
              "<p class=\"post-date\">Publié le 3 mars 2020</p>" BODY "</body></html>");
    m = folio_doc_meta(d);
    CHECK_STR(m->title, "Short - Notes"); /* one word left: kept whole */
    CHECK_STR(d->hints.h1_title, "Short");  /* the h1 the title starts with */
    CHECK_STR(m->author, "Marie Curie, Pierre Curie");
    CHECK_STR(m->date, "2020-03-03");
    folio_doc_free(d);
}

static void test_visible_dates_in_languages(void)
{
    static const struct {
        const char *lang, *text, *want;
    } cases[] = {
        {"de", "Veröffentlicht am 23. Mai 2024, 10:15 Uhr", "2024-05-23T10:15:00"},
        {"es", "Publicado el 5 de junio de 2023", "2023-06-05"},
        {"it", "Pubblicato il 7 settembre 2022", "2022-09-07"},
        {"pl", "Opublikowano 12 września 2021", "2021-09-12"},
        {"nl", "Gepubliceerd op 1 mei 2020", "2020-05-01"},
        {"pt", "Publicado em 9 de outubro de 2019", "2019-10-09"},
        {"en", "Posted on March 4th, 2018 at 6:01 pm", "2018-03-04T18:01:00"},
        {"de", "Stand: 24.12.2017", "2017-12-24"},
        {"en-US", "Updated 03/04/2016", "2016-03-04"},
        {"en-GB", "Updated 03/04/2016", "2016-04-03"},
        {"en", "Updated 03/04/2016", NULL},         /* ambiguous without a region */
        {"en", "Updated 13/04/2016", "2016-04-13"}, /* a day over 12 decides */
        {"en", "Posted 1 January 1990", NULL},      /* before 1995 */
        {"en", "Posted 1 January 2030", NULL},      /* after the conversion */
    };
    /* og:locale gives the order when <html> has no lang. */
    folio_doc *d = parse("<html><head><meta property=\"og:locale\" content=\"en_US\"></head>"
                         "<body><h1>T</h1><div class=\"entry-date\">Updated 03/04/2016</div>" BODY
                         "</body></html>");
    CHECK_STR(folio_doc_meta(d)->date, "2016-03-04");
    folio_doc_free(d);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[600];
        snprintf(html, sizeof html,
                 "<html lang=\"%s\"><head><title>T</title></head><body><h1>T</h1>"
                 "<div class=\"entry-date\">%s</div>" BODY "</body></html>",
                 cases[i].lang, cases[i].text);
        d = parse(html);
        CHECK_STR(folio_doc_meta(d)->date, cases[i].want);
        folio_doc_free(d);
    }
}

static void test_url_date(void)
{
    folio_doc *d = parse_at("<html><head><title>T</title></head><body>" BODY "</body></html>",
                            "https://news.example/world/2024/05/23/story.html", NOW);
    CHECK_STR(folio_doc_meta(d)->date, "2024-05-23");
    CHECK_STR(folio_doc_meta(d)->site, "news.example"); /* the host, for want of a name */
    folio_doc_free(d);
}

/* --------------------------------------------------------------- dates */

static void test_date_rules(void)
{
    /* Local offset kept for the same instant; the calendar day as written. */
    folio_doc *d =
        parse("<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"headline\":\"H\",\"datePublished\":\"2017-02-24T01:18:13Z\"}</script>"
              "<meta property=\"article:published_time\" content=\"2017-02-23T17:18:13-08:00\">"
              "</head><body>" BODY "</body></html>");
    CHECK_STR(folio_doc_meta(d)->date, "2017-02-23T17:18:13-08:00");
    folio_doc_free(d);

    /* A UTC time a day off the URL's day: the URL's day, without the time. */
    d = parse_at("<html><head><meta property=\"article:published_time\" "
                 "content=\"2023-01-17T00:30:41Z\"></head><body>" BODY "</body></html>",
                 "https://paper.example/2023/01/16/letters", NOW);
    CHECK_STR(folio_doc_meta(d)->date, "2023-01-16");
    folio_doc_free(d);

    /* The URL outranks a <time> in the body; dates of related posts and
     * comments are not the article's. */
    d = parse_at("<html><head></head><body><h1>T</h1>" BODY
                 "<div class=\"related-posts\"><time class=\"published\" "
                 "datetime=\"2009-04-11 18:06:36\">11. April 2009</time></div></body></html>",
                 "https://blog.example/2019/10/22/post/", NOW);
    CHECK_STR(folio_doc_meta(d)->date, "2019-10-22");
    folio_doc_free(d);
    d = parse("<html><head></head><body><h1>T</h1>" BODY "<ol class=\"comment-list\"><li>"
              "<time datetime=\"2010-01-01\">1 Jan</time></li></ol></body></html>");
    CHECK_STR(folio_doc_meta(d)->date, NULL);
    folio_doc_free(d);

    /* A future or too early date falls through to the next source. */
    d = parse("<html><head><meta property=\"article:published_time\" content=\"2031-01-01\">"
              "<meta name=\"date\" content=\"1970-01-01\">"
              "<meta name=\"dc.date\" content=\"2015-07-10T09:53:00-04:00\">"
              "</head><body>" BODY "</body></html>");
    CHECK_STR(folio_doc_meta(d)->date, "2015-07-10T09:53:00-04:00");
    folio_doc_free(d);

    /* Unknown conversion time: only the 1995 floor applies. */
    d = parse_at("<html><head><meta property=\"article:published_time\" content=\"2031-01-01\">"
                 "</head><body>" BODY "</body></html>",
                 NULL, 0);
    CHECK_STR(folio_doc_meta(d)->date, "2031-01-01");
    folio_doc_free(d);

    /* A modification before publication is no modification. */
    d = parse("<html><head><meta property=\"article:published_time\" content=\"2020-05-05\">"
              "<meta property=\"article:modified_time\" content=\"2020-05-01\">"
              "</head><body>" BODY "</body></html>");
    CHECK_STR(folio_doc_meta(d)->modified, NULL);
    folio_doc_free(d);
}

/* -------------------------------------------------------------- titles */

static void test_title_cuts(void)
{
    static const struct {
        const char *head, *body, *want;
    } cases[] = {
        /* the part cut is the site's name */
        {"<title>Rain returns to the valley | Valley Times</title>"
         "<meta property=\"og:site_name\" content=\"Valley Times\">",
         "", "Rain returns to the valley"},
        {"<title>Valley Times: Rain returns</title>"
         "<meta property=\"og:site_name\" content=\"Valley Times\">",
         "", "Rain returns"},
        /* a dash inside a real title survives: nothing says the tail is the site */
        {"<title>Spider-Man - the making of a hero</title>", "",
         "Spider-Man - the making of a hero"},
        {"<title>Before - After</title>", "", "Before - After"},
        /* the part cut is the author's name */
        {"<title>Notes on building small tools | Ada Lovelace</title>"
         "<meta name=\"author\" content=\"Ada Lovelace\">",
         "", "Notes on building small tools"},
        /* og:title is the publisher's own title: taken as written */
        {"<title>X | Site</title><meta property=\"og:title\" content=\"How to Pot a Fern | Site\">"
         "<meta property=\"og:site_name\" content=\"Site\">",
         "", "How to Pot a Fern | Site"},
        /* no title element: the h1 */
        {"", "<h1>Only   the h1</h1>", "Only the h1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[1000];
        snprintf(html, sizeof html, "<html><head>%s</head><body>%s" BODY "</body></html>",
                 cases[i].head, cases[i].body);
        folio_doc *d = parse(html);
        CHECK_STR(folio_doc_meta(d)->title, cases[i].want);
        folio_doc_free(d);
    }
}

/* ------------------------------------------------------------- authors */

static void test_author_cleaning(void)
{
    static const struct {
        const char *raw, *want;
    } cases[] = {
        {"By JANE DOE and John Roe, Staff Writers", "JANE DOE, John Roe"},
        {"Par Sébastien Farcis", "Sébastien Farcis"},
        {"Von Anna Schmidt und Jonas Weber", "Anna Schmidt, Jonas Weber"},
        {"Brenda Goodman, MA WebMD Health News", "Brenda Goodman"},
        {"Lucas Nolan22 Dec 2016", "Lucas Nolan"},
        {"Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Bradley M. Kuhn"},
        {"Martin Untersinger (avec Damien Leloup et Morgane Tual)",
         "Martin Untersinger (avec Damien Leloup et Morgane Tual)"},
        {"jane@example.com", NULL},
        {"https://twitter.example/jane", NULL},
        {"Ana Ruiz | March 3, 2020", "Ana Ruiz"},
        {"Ana Ruiz, Ana Ruiz", "Ana Ruiz"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[600];
        snprintf(html, sizeof html,
                 "<html><head><meta name=\"author\" content=\"%s\"></head><body>" BODY
                 "</body></html>",
                 cases[i].raw);
        folio_doc *d = parse(html);
        CHECK_STR(folio_doc_meta(d)->author, cases[i].want);
        folio_doc_free(d);
    }
}

static void test_visible_byline_cleaning(void)
{
    static const struct {
        const char *line, *want;
    } cases[] = {
        {"<span>Author</span><a href=/a>Ann Lee</a>", "Ann Lee"}, /* glued marker */
        {"By the way, this is not a byline", NULL},
        {"Posted by Harm Otten says", "Harm Otten"},
        {"Veröffentlicht von Henning Lobin", "Henning Lobin"},
        {"Name (required)", NULL},
        {"By Ursula von der Leyen", "Ursula von der Leyen"},
        {"A note from Sam *****Notes*****", NULL},
        {"By Mac &amp; i", "Mac & i"},
        {"Written by Rob Ewaschuk Edited by Betsy Beyer", "Rob Ewaschuk"},
        {"By Joe Wee Monday, February 29, 2016", "Joe Wee"},
        {"By Our Foreign Staff", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[600];
        snprintf(html, sizeof html,
                 "<html><head></head><body><div class=\"byline\">%s</div>" BODY "</body></html>",
                 cases[i].line);
        folio_doc *d = parse(html);
        CHECK_STR(folio_doc_meta(d)->author, cases[i].want);
        folio_doc_free(d);
    }
    /* An organization named in JSON-LD is kept whole, lower-case words too. */
    folio_doc *d =
        parse("<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"author\":{\"@type\":\"Organization\",\"name\":\"Friends of the Earth\"}}"
              "</script></head><body>" BODY "</body></html>");
    CHECK_STR(folio_doc_meta(d)->author, "Friends of the Earth");
    folio_doc_free(d);
}

/* ------------------------------------------------------------ language */

static void test_language(void)
{
    static const struct {
        const char *head, *html_attr, *want;
    } cases[] = {
        {"", " lang=\"EN-gb\"", "en-GB"},
        {"<meta http-equiv=\"Content-Language\" content=\"de-at, de\">", "", "de-AT"},
        {"<meta property=\"og:locale\" content=\"pt_BR\">", "", "pt-BR"},
        {"", " lang=\"zh-hant-tw\"", "zh-Hant-TW"},
        {"<meta property=\"og:locale\" content=\"fr_FR\">", " lang=\"not a tag!\"", "fr-FR"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[600];
        snprintf(html, sizeof html, "<html%s><head>%s</head><body>" BODY "</body></html>",
                 cases[i].html_attr, cases[i].head);
        folio_doc *d = parse(html);
        CHECK_STR(folio_doc_meta(d)->lang, cases[i].want);
        folio_doc_free(d);
    }
}

static void test_empty_page(void)
{
    folio_doc *d = parse("");
    const folio_meta *m = folio_doc_meta(d);
    CHECK(m->title == NULL && m->author == NULL && m->date == NULL && m->nauthors == 0);
    folio_doc_free(d);
}

int main(void)
{
    test_jsonld_graph();
    test_jsonld_array_and_broken();
    test_jsonld_org_gives_way_to_person();
    test_byline_hint_from_jsonld();
    test_jsonld_deep_is_skipped();
    test_opengraph();
    test_dublin_core_citation_parsely_sailthru();
    test_microdata();
    test_time_and_bylines();
    test_visible_dates_in_languages();
    test_url_date();
    test_date_rules();
    test_title_cuts();
    test_author_cleaning();
    test_visible_byline_cleaning();
    test_language();
    test_empty_page();
    return harness_done();
}
