/* test_html.c — the reader-view page: a standalone, script-free page with
 * the metadata escaped and the article's body. */
#include "harness.h"
#include "model_helpers.h"

static void test_page(void)
{
    folio_doc *d =
        doc_from_html("<p>Body <a href=\"http://e.com/\">link</a></p><script>x</script>"
                      "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
    const char *authors[] = {"Ann"};
    d->meta.title = "A <title> & \"more\"";
    d->meta.author = "Ann";
    d->meta.authors = authors;
    d->meta.nauthors = 1;
    d->meta.date = "2024-05-06T07:08:09Z";
    d->meta.site = "Site";
    d->meta.lang = "fr\" onload=\"x";
    d->meta.source = "https://e.com/a?b=1&c=2";
    char *h = render_with(render_html, d);
    CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"fr&quot; onload=&quot;x\">", 53) == 0);
    CHECK(strstr(h, "<meta charset=\"utf-8\">") != NULL);
    CHECK(strstr(h, "name=\"viewport\"") != NULL);
    CHECK(strstr(h, "<title>A &lt;title&gt; &amp; &quot;more&quot;</title>") != NULL);
    CHECK(strstr(h, "<time class=\"folio-date\" datetime=\"2024-05-06T07:08:09Z\">2024-05-06"
                    "</time>") != NULL);
    CHECK(strstr(h, "<a href=\"https://e.com/a?b=1&amp;c=2\">") != NULL);
    CHECK(strstr(h, "<p>Body <a href=\"http://e.com/\">link</a></p>") != NULL);
    CHECK(strstr(h, "<th>\n<p>A</p>\n</th>") != NULL);
    CHECK(strstr(h, "prefers-color-scheme: dark") != NULL); /* the CSS is inlined */
    CHECK(strstr(h, "<script") == NULL && strstr(h, "<link") == NULL);
    CHECK(strstr(h, "{{") == NULL);
    free(h);
    /* nothing known: no byline, no source link, a title all the same */
    d->meta = (folio_meta){0};
    h = render_with(render_html, d);
    CHECK(strstr(h, "<html>") != NULL);
    CHECK(strstr(h, "<title>Untitled</title>") != NULL);
    CHECK(strstr(h, "folio-byline") == NULL || strstr(h, "<p class=\"folio-byline\">") == NULL);
    CHECK(strstr(h, "folio-source\"><a") == NULL);
    free(h);
    doc_free(d);
}

int main(void)
{
    test_page();
    return harness_done();
}
