/* epub.c — STUB. Replaced by the EPUB packager. */
#include <string.h>

#include "internal.h"

void folio_epub_options_init(folio_epub_options *o)
{
    memset(o, 0, sizeof *o);
    o->images = 1;
    o->toc_depth = 2;
    o->timestamp = -1;
    o->max_images = 1000;
    o->max_image_size = (size_t)16 << 20;
    o->image_timeout_ms = 20000;
}

folio_status folio_epub_build(folio_doc *const *docs, size_t n, const folio_epub_options *o,
                              folio_warn_fn warn, void *warn_ctx, char **out, size_t *len,
                              char *err, size_t errlen)
{
    (void)docs;
    (void)n;
    (void)o;
    (void)warn;
    (void)warn_ctx;
    (void)out;
    (void)len;
    (void)err;
    (void)errlen;
    return FOLIO_EINVAL;
}
