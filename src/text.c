/* text.c — STUB. Replaced by the text writer. */
#include <string.h>

#include "internal.h"

folio_status text_from_model(cmark_node *root, int wrap, buf *b)
{
    (void)wrap;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT)
            buf_puts(b, cmark_node_get_literal(n));
        if (ev == CMARK_EVENT_EXIT && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
            buf_puts(b, "\n\n");
    }
    cmark_iter_free(it);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}

size_t text_word_count(const char *s, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

folio_status render_text(const folio_doc *d, buf *b)
{
    buf_append(b, d->text, d->text_len);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
