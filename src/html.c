/* html.c — the reader-view HTML writer.
 *
 * A writer (the last stage). A standalone page from templates/reader.html
 * (embedded at build time), filled by template.c: the metadata escaped, the
 * CSS of templates/reader.css inlined, the body rendered from the model by
 * cmark_render_html in its safe mode (raw HTML is never passed through; the
 * only markup that is not cmark's own is the tables and footnotes that
 * model_build made). No scripts; a Content-Security-Policy forbids them and
 * every remote resource except images.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "template.h"
#include "templates.h"
#include "url.h"

/* What the page calls itself when the article has no title. */
static const char untitled[] = "Untitled";
/* Characters of a date shown in the byline: YYYY-MM-DD. */
enum { DATE_SHOWN = 10 };

static size_t len_of(const char *s)
{
    return s ? strlen(s) : 0;
}

folio_status render_html(const folio_doc *d, buf *b)
{
    const folio_meta *m = &d->meta;
    char *body = cmark_render_html(d->model, CMARK_OPT_DEFAULT);
    if (!body)
        return FOLIO_ENOMEM;
    const char *title = m->title && *m->title ? m->title : untitled;
    /* only web addresses are linked: the source may be a file name */
    const char *source = m->source && url_is_http(m->source) ? m->source : NULL;
    size_t date_len = len_of(m->date) > DATE_SHOWN ? DATE_SHOWN : len_of(m->date);
    bool byline = len_of(m->author) || date_len || len_of(m->site);
    const template_value vals[] = {
        {"lang", m->lang, len_of(m->lang)},
        {"version", FOLIO_VERSION, strlen(FOLIO_VERSION)},
        {"description", m->description, len_of(m->description)},
        {"author", m->author, len_of(m->author)},
        {"title", title, strlen(title)},
        {"css", folio_tpl_reader_css, folio_tpl_reader_css_len},
        {"byline", byline ? "1" : NULL, byline},
        {"date", m->date, len_of(m->date)},
        {"date_text", m->date, date_len},
        {"site", m->site, len_of(m->site)},
        {"source", source, len_of(source)},
        {"source_text", source, len_of(source)},
        {"body", body, strlen(body)},
    };
    folio_status st = template_fill(folio_tpl_reader_html, folio_tpl_reader_html_len, vals,
                                    sizeof vals / sizeof vals[0], b);
    free(body);
    return st;
}
