/* html.c — STUB. Replaced by the reader-view writer. */
#include <stdlib.h>

#include "internal.h"

folio_status render_html(const folio_doc *d, buf *b)
{
    char *h = cmark_render_html(d->model, CMARK_OPT_DEFAULT);
    if (!h)
        return FOLIO_ENOMEM;
    buf_puts(b, "<!DOCTYPE html>\n<html><body>\n");
    buf_puts(b, h);
    buf_puts(b, "</body></html>\n");
    free(h);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
