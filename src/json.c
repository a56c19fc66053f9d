/* json.c — the JSON writer (and --meta).
 *
 * A writer (the last stage). One object per document on one line, ending
 * with a newline, so several inputs make JSON Lines. The keys of DESIGN.md
 * in a fixed order; unknown strings are null. Strings are valid UTF-8:
 * invalid bytes become U+FFFD; control characters (and U+2028/U+2029, which
 * break JavaScript parsers) are escaped.
 */
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* Appends s (n bytes) as a JSON string. */
static void put_string(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    size_t i = 0, used;
    while (i < n) {
        size_t run = i; /* printable ASCII needing no escape goes over a run at a time */
        while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f &&
               s[run] != '"' && s[run] != '\\')
            run++;
        if (run > i) {
            buf_append(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        i += used;
        switch (cp) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        default:
            if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
                buf_printf(b, "\\u%04lx", cp);
            else
                buf_put_utf8(b, cp);
        }
    }
    buf_putc(b, '"');
}

/* A string, or null when s is NULL or empty. */
static void put_value(buf *b, const char *key, const char *s)
{
    buf_printf(b, ",\"%s\":", key);
    if (s && *s)
        put_string(b, s, strlen(s));
    else
        buf_puts(b, "null");
}

static void put_authors(buf *b, const folio_meta *m)
{
    buf_puts(b, ",\"authors\":[");
    for (size_t i = 0; i < m->nauthors; i++) {
        if (i)
            buf_putc(b, ',');
        const char *a = m->authors[i] ? m->authors[i] : "";
        put_string(b, a, strlen(a));
    }
    buf_putc(b, ']');
}

folio_status render_json(const folio_doc *d, bool with_content, buf *b)
{
    const folio_meta *m = &d->meta;
    buf_puts(b, "{\"title\":");
    if (m->title && *m->title)
        put_string(b, m->title, strlen(m->title));
    else
        buf_puts(b, "null");
    put_value(b, "author", m->author);
    put_authors(b, m);
    put_value(b, "date", m->date);
    put_value(b, "modified", m->modified);
    put_value(b, "site", m->site);
    put_value(b, "source", m->source);
    put_value(b, "lang", m->lang);
    put_value(b, "description", m->description);
    put_value(b, "image", m->image);
    buf_printf(b, ",\"word_count\":%zu", m->word_count);
    if (with_content) {
        buf_puts(b, ",\"text\":");
        put_string(b, d->text ? d->text : "", d->text ? d->text_len : 0);
        buf_puts(b, ",\"markdown\":");
        if (d->model) {
            buf md = BUF_INIT;
            folio_status st = markdown_body(d, &md);
            if (st != FOLIO_OK || md.failed) {
                buf_free(&md);
                return FOLIO_ENOMEM;
            }
            put_string(b, md.data ? md.data : "", md.len);
            buf_free(&md);
        } else {
            buf_puts(b, "null");
        }
    }
    buf_puts(b, "}\n");
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
