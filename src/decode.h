/* decode.h — find a page's charset and convert it to UTF-8.
 *
 * Stage 2. Order: a BOM (UTF-8, UTF-16LE/BE), the charset parameter of the
 * HTTP Content-Type, the <meta charset> / http-equiv prescan of the first
 * 1024 bytes, else windows-1252 (the HTML standard's fallback; UTF-8 when
 * the bytes validate as UTF-8). Labels map as the WHATWG Encoding standard
 * says (latin1 and iso-8859-1 mean windows-1252). Invalid bytes become
 * U+FFFD. Only iconv.h. decode.c's opening comment lists where it departs
 * from the standard for real pages (valid UTF-8 beats a declaration, a late
 * <meta charset> is honoured, stray Latin-1 letters are repaired).
 */
#ifndef FOLIO_DECODE_H
#define FOLIO_DECODE_H

#include <stddef.h>

#include "folio.h"

/* True when the bytes are plainly not an HTML page: a known binary
 * signature (PNG, JPEG, GIF, PDF, gzip, zip...) or NUL bytes in the first
 * 1024 bytes without a UTF-16 BOM. */
int decode_looks_binary(const char *bytes, size_t len);

/* Converts bytes to UTF-8. content_type (the HTTP header value) may be
 * NULL. On success *out is a new NUL-terminated buffer (free with free())
 * of *out_len bytes, and *charset (when not NULL) names the encoding used
 * (static storage). FOLIO_ENOMEM on failure. */
folio_status decode_to_utf8(const char *bytes, size_t len, const char *content_type, char **out,
                            size_t *out_len, const char **charset);

#endif
