/* template.h — fills the templates of templates/ (embedded at build time).
 *
 * Used by the writers (html, and any other that wants it). Placeholders:
 *   {{name}}            the value, escaped for HTML text and quoted attributes
 *   {{{name}}}          the value as is (only for HTML folio made: body, CSS)
 *   {{#name}}...{{/name}}  the part between, only when the value is not empty
 *   {{^name}}...{{/name}}  the part between, only when the value is empty
 * Sections do not nest with the same name. A name the caller did not give
 * is an error, so a typo in a template fails the tests instead of vanishing.
 */
#ifndef FOLIO_TEMPLATE_H
#define FOLIO_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "folio.h"

typedef struct {
    const char *name;  /* placeholder name */
    const char *value; /* borrowed; NULL is the same as "" */
    size_t len;        /* bytes of value */
} template_value;

/* Appends template tpl (len bytes) to out with the placeholders filled from
 * vals (n of them). FOLIO_EINVAL for an unknown name or an unclosed
 * placeholder or section, FOLIO_ENOMEM on allocation failure. */
folio_status template_fill(const char *tpl, size_t len, const template_value *vals, size_t n,
                           buf *out);

/* Appends s (n bytes) with & < > " ' escaped as character references. */
void template_escape(const char *s, size_t n, buf *out);

#endif
