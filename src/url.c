/* url.c — STUB. Replaced by the RFC 3986 implementation. */
#include "url.h"

#include <string.h>

char *url_resolve(arena *a, const char *base, const char *ref)
{
    (void)base;
    return ref && *ref ? arena_strdup(a, ref) : NULL;
}

bool url_is_http(const char *url)
{
    return url && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
}

bool url_is_safe(const char *url, bool image)
{
    (void)image;
    return url && strncmp(url, "javascript:", 11) != 0;
}

char *url_host(arena *a, const char *url)
{
    (void)a;
    (void)url;
    return NULL;
}
