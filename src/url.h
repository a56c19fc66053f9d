/* url.h — URL resolution (RFC 3986 section 5) and checks. */
#ifndef FOLIO_URL_H
#define FOLIO_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* Resolves ref against the absolute URL base. Returns a new string in a:
 * the absolute URL, or a copy of ref when base is NULL or ref is already
 * absolute. Leading and trailing whitespace of ref is dropped and spaces
 * inside are percent-encoded. NULL on allocation failure or when ref is
 * empty. */
char *url_resolve(arena *a, const char *base, const char *ref);

/* True when url is absolute with a scheme of http or https. */
bool url_is_http(const char *url);

/* True when a link or image URL may appear in output: a relative URL, or
 * one with a scheme of http, https, mailto, ftp, tel, or data:image/...
 * (images only). javascript:, vbscript:, data:text/... and anything else are
 * refused. Case and leading whitespace or control characters are ignored as
 * browsers ignore them. */
bool url_is_safe(const char *url, bool image);

/* The host of an absolute URL copied into a (without "www."), or NULL. */
char *url_host(arena *a, const char *url);

#endif
