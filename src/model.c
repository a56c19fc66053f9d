/* model.c — STUB: one paragraph per text node. Replaced by the model stage. */
#include "internal.h"
#include "utf8.h"

folio_status model_build(const dom_node *article, cmark_node **out)
{
    cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
    if (!doc)
        return FOLIO_ENOMEM;
    for (const dom_node *n = article->first; n; n = dom_next(n, article)) {
        if (n->kind == DOM_ELEMENT && (dom_tag_flags(n->tag) & DOM_F_SKIP)) {
            n = dom_next_skip(n, article);
            if (!n)
                break;
        }
        if (n->kind != DOM_TEXT)
            continue;
        buf b = BUF_INIT;
        utf8_collapse_buf(&b, n->text, n->text_len);
        if (b.len > 1) {
            cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
            cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(t, b.data);
            cmark_node_append_child(p, t);
            cmark_node_append_child(doc, p);
        }
        buf_free(&b);
    }
    *out = doc;
    return FOLIO_OK;
}
