/* langtag.h — language tags for the meta stage.
 *
 * Pages name their language in <html lang>, Content-Language and
 * og:locale, in every spelling: "en_US", "EN-us", "zh-hant-tw", "en, fr".
 * langtag_normalize writes the BCP 47 form ("en-US", "zh-Hant-TW").
 */
#ifndef FOLIO_LANGTAG_H
#define FOLIO_LANGTAG_H

#include <stddef.h>

#include "arena.h"

/* The first tag of s (n bytes; a list is cut at ',' or ';') in
 * BCP 47 case: language lower, script title, region upper; '_' becomes
 * '-'. NULL when it is not a plausible tag (a primary subtag of 2-3
 * letters, or i-/x- tags; subtags of 1-8 letters or digits) or on
 * allocation failure. */
char *langtag_normalize(arena *a, const char *s, size_t n);

#endif
