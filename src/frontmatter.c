/* frontmatter.c — YAML front matter for the Markdown writer.
 *
 * Part of the last stage. The fields of DESIGN.md, in that order, each
 * present only when known, each value a YAML double-quoted scalar so the
 * block always parses: quotes, backslashes, line breaks and every
 * character YAML does not allow raw are escaped; invalid UTF-8 becomes
 * U+FFFD.
 */
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* Escapes with a one-letter YAML form. */
static const struct {
    unsigned long cp;
    const char *esc;
} yaml_escapes[] = {
    {'\\', "\\\\"}, {'"', "\\\""}, {'\n', "\\n"}, {'\t', "\\t"},   {'\r', "\\r"},
    {0, "\\0"},     {0x85, "\\N"}, {0xA0, "\\_"}, {0x2028, "\\L"}, {0x2029, "\\P"},
};

/* True for characters YAML 1.1/1.2 forbid raw in a document: C0 and C1
 * controls, DEL, surrogates, U+FEFF (a BOM) and the non-characters U+FFFE
 * and U+FFFF. */
static bool yaml_forbidden(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
           cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

void frontmatter_quote(const char *s, buf *b)
{
    size_t n = s ? strlen(s) : 0, i = 0, used;
    buf_putc(b, '"');
    while (i < n) {
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        const char *esc = NULL;
        for (size_t k = 0; k < sizeof yaml_escapes / sizeof yaml_escapes[0]; k++)
            if (yaml_escapes[k].cp == cp)
                esc = yaml_escapes[k].esc;
        if (esc)
            buf_puts(b, esc);
        else if (yaml_forbidden(cp))
            buf_printf(b, cp <= 0xFF ? "\\x%02lX" : "\\u%04lX", cp);
        else
            buf_put_utf8(b, cp); /* invalid bytes arrive as U+FFFD */
        i += used;
    }
    buf_putc(b, '"');
}

void frontmatter_write(const folio_meta *m, buf *b)
{
    const struct {
        const char *key, *value;
    } fields[] = {
        {"title", m->title},
        {"author", m->author},
        {"date", m->date},
        {"site", m->site},
        {"source", m->source},
        {"lang", m->lang},
        {"description", m->description},
        {"image", m->image},
    };
    buf_puts(b, "---\n");
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!fields[i].value || !*fields[i].value)
            continue;
        buf_puts(b, fields[i].key);
        buf_puts(b, ": ");
        frontmatter_quote(fields[i].value, b);
        buf_putc(b, '\n');
    }
    buf_puts(b, "---\n");
}
