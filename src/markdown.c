/* markdown.c — STUB. Replaced by the Markdown writer. */
#include <stdlib.h>

#include "internal.h"

folio_status render_markdown(const folio_doc *d, buf *b)
{
    char *md = cmark_render_commonmark(d->model, CMARK_OPT_DEFAULT, 0);
    if (!md)
        return FOLIO_ENOMEM;
    buf_puts(b, md);
    free(md);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
