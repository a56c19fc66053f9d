/* charset.h — where a page says its charset is: WHATWG labels, the
 * Content-Type parameter and the HTML prescan of <meta>.
 *
 * Stage 2 (decode) helper: decode.c decides the order of the sources and
 * converts; this module only reads declarations. Pure byte work, no iconv.
 */
#ifndef FOLIO_CHARSET_H
#define FOLIO_CHARSET_H

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

#endif
