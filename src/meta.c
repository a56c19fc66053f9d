/* meta.c — STUB: the <title> only. Replaced by the meta stage. */
#include "internal.h"
#include "utf8.h"

folio_status meta_extract(dom_doc *d, const meta_context *ctx, folio_meta *m, meta_hints *h)
{
    (void)ctx;
    (void)h;
    dom_node *t = dom_find(d->head, TAG_TITLE);
    if (t) {
        buf b = BUF_INIT;
        dom_text_content(t, &b);
        m->title = utf8_collapse(d->arena, b.data ? b.data : "", b.len);
        buf_free(&b);
    }
    return FOLIO_OK;
}
