/* template.c — fills templates; see template.h.
 *
 * Part of the last stage: the HTML writer fills templates/reader.html with
 * the metadata (escaped here) and the body (HTML folio rendered itself).
 * One forward scan of the template; a section that is off is skipped by
 * searching for its closing tag.
 */
#include "template.h"

#include <string.h>

/* Character references for HTML text and attribute values. */
static const struct {
    char c;
    const char *ref;
} html_refs[] = {{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};

void template_escape(const char *s, size_t n, buf *out)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof html_refs / sizeof html_refs[0]; k++) {
            if (s[i] != html_refs[k].c)
                continue;
            buf_append(out, s + start, i - start);
            buf_puts(out, html_refs[k].ref);
            start = i + 1;
        }
    }
    buf_append(out, s + start, n - start);
}

static const template_value *find(const template_value *vals, size_t n, const char *name,
                                  size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(vals[i].name) == len && memcmp(vals[i].name, name, len) == 0)
            return &vals[i];
    return NULL;
}

/* The end of the placeholder opened at p ("}}" or "}}}"), or NULL. */
static const char *close_of(const char *p, const char *end, const char *closer)
{
    size_t k = strlen(closer);
    for (; p + k <= end; p++)
        if (memcmp(p, closer, k) == 0)
            return p;
    return NULL;
}

/* Skips a section that is off: returns the position after {{/name}}. */
static const char *skip_section(const char *p, const char *end, const char *name, size_t len)
{
    char closing[80];
    if (len + 6 > sizeof closing)
        return NULL;
    memcpy(closing, "{{/", 3);
    memcpy(closing + 3, name, len);
    memcpy(closing + 3 + len, "}}", 3);
    const char *c = close_of(p, end, closing);
    return c ? c + strlen(closing) : NULL;
}

folio_status template_fill(const char *tpl, size_t len, const template_value *vals, size_t n,
                           buf *out)
{
    const char *p = tpl, *end = tpl + len;
    while (p < end) {
        const char *open = close_of(p, end, "{{");
        if (!open) {
            buf_append(out, p, (size_t)(end - p));
            break;
        }
        buf_append(out, p, (size_t)(open - p));
        bool raw = open + 2 < end && open[2] == '{';
        char kind = raw ? 0 : open[2];
        const char *name = open + (raw ? 3 : 2) + (kind == '#' || kind == '^' || kind == '/');
        const char *stop = close_of(name, end, raw ? "}}}" : "}}");
        if (!stop)
            return FOLIO_EINVAL;
        size_t nlen = (size_t)(stop - name);
        p = stop + (raw ? 3 : 2);
        if (kind == '/')
            continue; /* the end of a section that is on */
        const template_value *v = find(vals, n, name, nlen);
        if (!v)
            return FOLIO_EINVAL;
        bool empty = !v->value || v->len == 0;
        if (kind == '#' || kind == '^') {
            if (empty == (kind == '#') && !(p = skip_section(p, end, name, nlen)))
                return FOLIO_EINVAL;
        } else if (raw) {
            buf_append(out, v->value ? v->value : "", v->len);
        } else {
            template_escape(v->value ? v->value : "", v->len, out);
        }
    }
    return out->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
