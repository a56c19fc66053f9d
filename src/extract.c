/* extract.c — STUB: the body. Replaced by the extract stage. */
#include "internal.h"

folio_status extract_article(dom_doc *d, const folio_meta *m, const meta_hints *h,
                             dom_node **article)
{
    (void)m;
    (void)h;
    *article = d->body;
    return FOLIO_OK;
}
