/* buf.h — growing byte strings.
 *
 * Writers build their output in a buf. A failed allocation sets `failed`
 * and turns every later append into a no-op, so a writer checks once at the
 * end (buf_detach returns NULL). The data is always NUL-terminated when
 * non-NULL.
 */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *data; /* owned; NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    bool failed;
} buf;

#define BUF_INIT {NULL, 0, 0, false}

void buf_init(buf *b);
void buf_free(buf *b);
/* Make room for n more bytes; false (and failed set) on failure. */
bool buf_reserve(buf *b, size_t n);
bool buf_append(buf *b, const char *s, size_t n);
bool buf_puts(buf *b, const char *s);
bool buf_putc(buf *b, char c);
bool buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the UTF-8 encoding of code point cp (U+FFFD when invalid). */
bool buf_put_utf8(buf *b, unsigned long cp);
/* Drops everything after the first n bytes. */
void buf_truncate(buf *b, size_t n);
/* Hands the data to the caller (free with free()) and resets b; NULL when
 * an allocation had failed (b is then freed). An empty buf gives "". */
char *buf_detach(buf *b, size_t *len);

#endif
