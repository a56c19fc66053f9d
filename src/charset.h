/* charset.h — where a page says its charset is: WHATWG labels, the
 * Content-Type parameter and the HTML prescan of <meta>.
 *
 * Stage 2 (decode) helper: decode.c decides the order of the sources and
 * converts; this module only reads declarations. Pure byte work, no iconv.
 */
#ifndef FOLIO_CHARSET_H
#define FOLIO_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

/* How an encoding is converted. */
typedef enum {
    CHARSET_UTF8,    /* checked and repaired by decode.c itself */
    CHARSET_UTF16LE, /* through iconv, two bytes per unit */
    CHARSET_UTF16BE,
    CHARSET_WIN1252, /* decode.c's own table (exact WHATWG mapping) */
    CHARSET_ICONV    /* everything else through iconv */
} charset_kind;

/* One encoding: its WHATWG name and the name iconv knows it by.
 * Static storage. */
typedef struct {
    const char *name;  /* "windows-1252", "Shift_JIS"... */
    const char *iconv; /* "CP1252", "CP932"... */
    charset_kind kind;
    bool multibyte; /* a CJK multi-byte encoding, whose pairs can pass for UTF-8 */
} charset_info;

/* The encoding a label names (the WHATWG "get an encoding": ASCII white
 * space trimmed, case ignored), or NULL for an unknown label. label has n
 * bytes. */
const charset_info *charset_lookup(const char *label, size_t n);

/* The fixed encodings decode.c falls back to. Never NULL. */
const charset_info *charset_get(charset_kind kind);

/* The encoding named by the charset parameter of a Content-Type header
 * value ("text/html; charset=ISO-8859-1"), or NULL (no parameter, unknown
 * label, or ct NULL). */
const charset_info *charset_from_content_type(const char *ct);

/* The HTML standard's prescan of the first 1024 bytes for <meta charset>
 * and <meta http-equiv=content-type content="...charset=...">; NULL when
 * nothing is declared. A declared UTF-16 means UTF-8 there (a page that can
 * be prescanned as ASCII is not UTF-16). */
const charset_info *charset_prescan(const char *bytes, size_t len);

/* A <meta> declaration anywhere in the first `limit` bytes, read with the
 * prescan's rules. This stands in for the HTML parser's "change the
 * encoding" step, which honours a <meta charset> met after the first 1024
 * bytes while the encoding is still a guess; decode.c uses it only when
 * nothing else is declared and the bytes are not UTF-8. NULL when none. */
const charset_info *charset_late_meta(const char *bytes, size_t len, size_t limit);

#endif
