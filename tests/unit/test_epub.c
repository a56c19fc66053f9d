/* test_epub.c — the EPUB packager and its XHTML serializer.
 *
 * Documents are parsed from a tiny page, then given a model made from
 * Markdown with cmark, so these tests do not depend on what the extractor
 * keeps. The archive is read back with libzip (test code only).
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "harness.h"
#include "internal.h"
#include "xhtml.h"

static const char page[] = "<html><head><title>T</title></head><body><p>x</p></body></html>";

/* A document with the given metadata and a model from markdown. */
static folio_doc *doc_new(const char *title, const char *source, const char *lang,
                          const char *markdown)
{
    folio_options o;
    folio_options_init(&o);
    o.url = source;
    o.title = title;
    o.lang = lang;
    folio_doc *d = NULL;
    if (folio_doc_parse(page, strlen(page), &o, &d) != FOLIO_OK)
        return NULL;
    if (d->model)
        cmark_node_free(d->model);
    d->model = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_UNSAFE);
    return d;
}

/* The content of one entry of an archive in memory, NUL-terminated. */
static char *entry(const char *zipdata, size_t len, const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(zipdata, len, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    char *out = NULL;
    zip_stat_t st;
    if (za && zip_stat(za, name, 0, &st) == 0) {
        zip_file_t *f = zip_fopen(za, name, 0);
        out = calloc(1, st.size + 1);
        if (f && out)
            zip_fread(f, out, st.size);
        if (f)
            zip_fclose(f);
    }
    if (za)
        zip_discard(za);
    else if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

static void warn_count(void *ctx, const char *line)
{
    (void)line;
    (*(int *)ctx)++;
}

static char *build(folio_doc **docs, size_t n, const folio_epub_options *o, size_t *len,
                   int *warnings)
{
    char *out = NULL, err[128] = "";
    folio_status st = folio_epub_build(docs, n, o, warn_count, warnings, &out, len, err,
                                       sizeof err);
    if (st != FOLIO_OK)
        fprintf(stderr, "build: %s\n", err);
    return st == FOLIO_OK ? out : NULL;
}

static void test_errors(void)
{
    folio_epub_options o;
    folio_epub_options_init(&o);
    char *out = NULL, err[128] = "";
    size_t len = 0;
    CHECK(folio_epub_build(NULL, 0, &o, NULL, NULL, &out, &len, err, sizeof err) ==
          FOLIO_EINVAL);
    CHECK(err[0] != '\0');
    folio_doc *d = doc_new("A", NULL, NULL, "text");
    cmark_node_free(d->model);
    d->model = NULL;
    CHECK(folio_epub_build(&d, 1, &o, NULL, NULL, &out, &len, err, sizeof err) ==
          FOLIO_ENOARTICLE);
    CHECK(out == NULL);
    folio_doc_free(d);
}

static void test_one_book(void)
{
    folio_doc *d = doc_new("Tides & <Times>", "https://example.org/tides", "pt_BR",
                           "# Tides &amp; &lt;Times&gt;\n\nIntro \x01 text.\n\n## High water\n\n"
                           "### Detail\n\n#### Deeper\n\n[web](https://example.org/x?a=1&b=2) "
                           "[local](notes.html) [frag](#top) [mail](mailto:a@b.c)\n\n"
                           "![alt text](https://example.org/a.png)\n\n"
                           "<div onclick=\"x()\"><script>bad()</script>kept</div>\n");
    folio_epub_options o;
    folio_epub_options_init(&o);
    o.offline = 1;
    o.timestamp = 1700000000;
    size_t len = 0, len2 = 0;
    int warnings = 0;
    char *a = build(&d, 1, &o, &len, &warnings);
    char *b = build(&d, 1, &o, &len2, &warnings);
    CHECK(a && b && len == len2 && memcmp(a, b, len) == 0); /* deterministic */
    CHECK(warnings == 2); /* the offline image, twice */
    CHECK(a && len > 58 && memcmp(a + 30, "mimetypeapplication/epub+zip", 28) == 0);
    char *opf = a ? entry(a, len, "OEBPS/content.opf") : NULL;
    char *ch = a ? entry(a, len, "OEBPS/chapter-001.xhtml") : NULL;
    char *nav = a ? entry(a, len, "OEBPS/nav.xhtml") : NULL;
    CHECK(opf && strstr(opf, "<dc:title>Tides &amp; &lt;Times&gt;</dc:title>"));
    CHECK(opf && strstr(opf, "<dc:language>pt-BR</dc:language>"));
    CHECK(opf && strstr(opf, "<dc:source>https://example.org/tides</dc:source>"));
    CHECK(opf && strstr(opf, "2023-11-14T22:13:20Z"));
    CHECK(opf && strstr(opf, "urn:uuid:") && !strstr(opf, "cover-image"));
    CHECK(ch && strstr(ch, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") == ch);
    CHECK(ch && !strchr(ch, '\x01'));
    CHECK(ch && strstr(ch, "href=\"https://example.org/x?a=1&amp;b=2\""));
    CHECK(ch && strstr(ch, "href=\"mailto:a@b.c\""));
    CHECK(ch && !strstr(ch, "notes.html") && !strstr(ch, "#top") && strstr(ch, "local"));
    CHECK(ch && strstr(ch, "alt text") && !strstr(ch, "<img"));
    CHECK(ch && !strstr(ch, "script") && !strstr(ch, "onclick") && strstr(ch, "kept"));
    CHECK(ch && !strstr(ch, "<h1 id")); /* the repeated title is dropped */
    CHECK(nav && strstr(nav, "High water") && strstr(nav, "Detail") && !strstr(nav, "Deeper"));
    free(opf);
    free(ch);
    free(nav);
    free(a);
    free(b);
    folio_doc_free(d);
}

static void test_digest(void)
{
    folio_doc *docs[2] = {
        doc_new("One", "https://example.org/one", "en",
                "Text with [a link to two](https://example.org/two#part) in it."),
        doc_new("Two", "https://example.org/two", "en", "Back to [one](https://example.org/one)."),
    };
    folio_epub_options o;
    folio_epub_options_init(&o);
    o.offline = 1;
    o.timestamp = 86400 * 365;
    size_t len = 0;
    int warnings = 0;
    char *a = build(docs, 2, &o, &len, &warnings);
    char *opf = a ? entry(a, len, "OEBPS/content.opf") : NULL;
    char *c1 = a ? entry(a, len, "OEBPS/chapter-001.xhtml") : NULL;
    char *c2 = a ? entry(a, len, "OEBPS/chapter-002.xhtml") : NULL;
    CHECK(opf && strstr(opf, "<dc:title>folio digest 1971-01-01</dc:title>"));
    CHECK(c1 && strstr(c1, "href=\"chapter-002.xhtml\""));
    CHECK(c2 && strstr(c2, "href=\"chapter-001.xhtml\""));
    o.title = "My Book";
    o.author = "The Editors";
    char *b = build(docs, 2, &o, &len, &warnings);
    char *opf2 = b ? entry(b, len, "OEBPS/content.opf") : NULL;
    char *c2b = b ? entry(b, len, "OEBPS/chapter-002.xhtml") : NULL;
    CHECK(opf2 && strstr(opf2, "<dc:title>My Book</dc:title>"));
    CHECK(opf2 && strstr(opf2, "<dc:creator>The Editors</dc:creator>"));
    CHECK(c2b && !strstr(c2b, "The Editors")); /* chapters keep their own bylines */
    free(c2b);
    /* same sources, same identifier */
    const char *u1 = opf ? strstr(opf, "urn:uuid:") : NULL;
    const char *u2 = opf2 ? strstr(opf2, "urn:uuid:") : NULL;
    CHECK(u1 && u2 && strncmp(u1, u2, 45) == 0);
    /* a timestamp past year 9999 is held there (dcterms:modified needs 4 digits) */
    o.title = NULL;
    o.timestamp = 999999999999999999LL;
    char *c = build(docs, 2, &o, &len, &warnings);
    char *opf3 = c ? entry(c, len, "OEBPS/content.opf") : NULL;
    CHECK(opf3 && strstr(opf3, "<dc:title>folio digest 9999-12-31</dc:title>") &&
          strstr(opf3, "9999-12-31T23:59:59Z"));
    free(opf3);
    free(c);
    free(opf);
    free(opf2);
    free(c1);
    free(c2);
    free(a);
    free(b);
    folio_doc_free(docs[0]);
    folio_doc_free(docs[1]);
}

/* Issue 7: nothing active from the page reaches a chapter. */
static void test_hostile(void)
{
    folio_doc *d = doc_new("<script>alert(1)</script>Title", NULL, "en\" onload=\"x",
                           "<p><a href=\"javascript:alert(1)\">js</a> <a href=\" JaVaScRiPt:x\">"
                           "js2</a> <a href=\"vbscript:x\">vb</a> <a href=\"data:text/html,x\">"
                           "dt</a> <img src=\"x.png\" onerror=\"alert(1)\" alt=\"imgalt\">"
                           "<iframe src=\"https://evil.example/\"></iframe><object data=\"x\">"
                           "</object><embed src=\"x\"><form action=\"x\"><input name=a>"
                           "<button>b</button></form><svg onload=\"x()\"><circle/></svg>"
                           "<span style=\"x\" onmouseover=\"y\">kept</span></p>\n");
    folio_epub_options o;
    folio_epub_options_init(&o);
    o.offline = 1;
    size_t len = 0;
    int warnings = 0;
    char *a = build(&d, 1, &o, &len, &warnings);
    char *ch = a ? entry(a, len, "OEBPS/chapter-001.xhtml") : NULL;
    static const char *const banned[] = {"javascript", "JaVaScRiPt", "vbscript", "data:text",
                                         "onerror", "onload", "onmouseover", "<iframe",
                                         "<object", "<embed", "<form", "<input", "<button",
                                         "<svg", "<script", "style="};
    CHECK(ch != NULL);
    for (size_t i = 0; ch && i < sizeof banned / sizeof *banned; i++)
        if (strstr(ch, banned[i])) {
            fprintf(stderr, "hostile: found %s\n", banned[i]);
            CHECK(!"banned markup in the chapter");
        }
    CHECK(ch && strstr(ch, "&lt;script&gt;alert(1)&lt;/script&gt;Title"));
    CHECK(ch && strstr(ch, "imgalt") && strstr(ch, "kept") && strstr(ch, "js2"));
    CHECK(ch && strstr(ch, "lang=\"en\"")); /* a malformed language falls back */
    free(ch);
    free(a);
    folio_doc_free(d);
}

#define PNG1 "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

/* Images: embedded once each, named in order, and no more than max_images. */
static void test_image_cap(void)
{
    folio_doc *d = doc_new("Pictures", NULL, "en",
                           "![one](data:image/png;base64," PNG1 ") "
                           "![two](data:image/png;x=2;base64," PNG1 ") "
                           "![one again](data:image/png;base64," PNG1 ") "
                           "![three](data:image/png;x=3;base64," PNG1 ")\n");
    folio_epub_options o;
    folio_epub_options_init(&o);
    o.max_images = 2;
    size_t len = 0;
    int warnings = 0;
    char *a = build(&d, 1, &o, &len, &warnings);
    char *ch = a ? entry(a, len, "OEBPS/chapter-001.xhtml") : NULL;
    char *opf = a ? entry(a, len, "OEBPS/content.opf") : NULL;
    char *img = a ? entry(a, len, "OEBPS/images/img-002.png") : NULL;
    char *none = a ? entry(a, len, "OEBPS/images/img-003.png") : NULL;
    CHECK(warnings == 1); /* the cap */
    CHECK(img != NULL && none == NULL);
    CHECK(ch && strstr(ch, "<img src=\"images/img-001.png\" alt=\"one\"/>"));
    CHECK(ch && strstr(ch, "<img src=\"images/img-001.png\" alt=\"one again\"/>"));
    CHECK(ch && strstr(ch, "<img src=\"images/img-002.png\" alt=\"two\"/>"));
    CHECK(ch && strstr(ch, "three") && !strstr(ch, "alt=\"three\""));
    CHECK(opf && strstr(opf, "href=\"images/img-002.png\" media-type=\"image/png\""));
    o.images = 0;
    char *b = build(&d, 1, &o, &len, &warnings);
    char *img2 = b ? entry(b, len, "OEBPS/images/img-001.png") : NULL;
    char *ch2 = b ? entry(b, len, "OEBPS/chapter-001.xhtml") : NULL;
    CHECK(b && !img2 && ch2 && !strstr(ch2, "<img") && strstr(ch2, "two"));
    free(ch);
    free(opf);
    free(img);
    free(img2);
    free(ch2);
    free(a);
    free(b);
    folio_doc_free(d);
}

static char *serialize(const char *html)
{
    arena *a = arena_new();
    dom_doc d;
    dom_limits lim = {256, 100000, 64};
    buf b = BUF_INIT;
    if (dom_parse(a, html, strlen(html), &lim, &d) == FOLIO_OK)
        xhtml_write_children(&b, d.body, NULL);
    arena_free(a);
    size_t n;
    return buf_detach(&b, &n);
}

static void test_xhtml(void)
{
    char *s = serialize("<p>a<br>b<hr><img src=x alt='A&amp;B'></p><iframe src=x></iframe>"
                        "<table><tr><td colspan=2 align=left>c</td></tr></table>"
                        "<span class=x><em>e</em></span><ol start=3><li>i</li></ol>");
    CHECK_STR(s, "<p>a<br/>b</p><hr/>A&amp;B<p></p><table><tbody><tr><td colspan=\"2\">c"
                 "</td></tr></tbody></table><em>e</em><ol start=\"3\"><li>i</li></ol>");
    free(s);
    s = serialize("<p><div>block in p</div></p><em><p>p in em</p></em>");
    CHECK(s && !strstr(s, "<em><p>"));
    free(s);
    buf b = BUF_INIT;
    xhtml_escape(&b, "a\"<>&\x01\x7f\xc2\x85\xef\xbf\xbe\xff z\n", 17);
    CHECK_STR(b.data, "a&quot;&lt;&gt;&amp;\xef\xbf\xbd z\n");
    buf_truncate(&b, 0);
    xhtml_put_url(&b, "http://x/a b?q=\"é\"&r=%zz%41");
    CHECK_STR(b.data, "http://x/a%20b?q=%22%C3%A9%22&amp;r=%25zz%41");
    buf_free(&b);
    CHECK(xhtml_link_host_ok("https://example.org/a?b#c"));
    CHECK(xhtml_link_host_ok("http://user:pw@sub.example.org:8080/"));
    CHECK(xhtml_link_host_ok("http://127.0.0.1"));
    CHECK(!xhtml_link_host_ok("http://%5B::1%5D:80/x"));
    CHECK(!xhtml_link_host_ok("https://ex%41mple.org/"));
    CHECK(!xhtml_link_host_ok("http://sp ace/"));
    CHECK(!xhtml_link_host_ok("http:///path"));
    CHECK(!xhtml_link_host_ok("http://host:99999999/"));
    CHECK(!xhtml_link_host_ok("http://h\xc3\xa9te.fr/"));
}

static void test_toc_nesting(void)
{
    xhtml_toc_entry toc[] = {
        {1, "A", "a.xhtml"}, {3, "A1", "a.xhtml#1"}, {2, "A2", "a.xhtml#2"}, {1, "B", "b.xhtml"},
    };
    buf b = BUF_INIT;
    xhtml_write_nav_list(&b, toc, 4);
    CHECK_STR(b.data, "<ol>\n<li><a href=\"a.xhtml\">A</a>\n<ol>\n<li><a href=\"a.xhtml#1\">A1"
                      "</a></li>\n<li><a href=\"a.xhtml#2\">A2</a></li>\n</ol>\n</li>\n"
                      "<li><a href=\"b.xhtml\">B</a></li>\n</ol>\n");
    buf_truncate(&b, 0);
    CHECK(xhtml_write_ncx_map(&b, toc, 4) == 2);
    CHECK(b.data && strstr(b.data, "playOrder=\"4\"") &&
          strstr(b.data, "</navPoint>\n</navPoint>\n<navPoint id=\"np-4\""));
    buf_free(&b);
}

int main(void)
{
    test_errors();
    test_one_book();
    test_digest();
    test_hostile();
    test_image_cap();
    test_xhtml();
    test_toc_nesting();
    return harness_done();
}
