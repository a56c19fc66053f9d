/* json.c — STUB. Replaced by the JSON writer. */
#include "internal.h"

static void put_str(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

folio_status render_json(const folio_doc *d, bool with_content, buf *b)
{
    const folio_meta *m = &d->meta;
    buf_puts(b, "{\"title\":");
    put_str(b, m->title);
    buf_puts(b, ",\"author\":");
    put_str(b, m->author);
    buf_puts(b, ",\"date\":");
    put_str(b, m->date);
    if (with_content) {
        buf_puts(b, ",\"text\":");
        put_str(b, d->text);
    }
    buf_puts(b, "}\n");
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
