/* clean.c — STUB. Replaced by the clean stage. */
#include "internal.h"

folio_status clean_article(dom_doc *d, dom_node *article, const clean_context *c)
{
    (void)d;
    (void)article;
    (void)c;
    return FOLIO_OK;
}
