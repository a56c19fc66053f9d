/* decode.c — STUB: assumes UTF-8. Replaced by the decode stage. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

int decode_looks_binary(const char *bytes, size_t len)
{
    (void)bytes;
    (void)len;
    return 0;
}

folio_status decode_to_utf8(const char *bytes, size_t len, const char *content_type, char **out,
                            size_t *out_len, const char **charset)
{
    (void)content_type;
    char *p = malloc(len + 1);
    if (!p)
        return FOLIO_ENOMEM;
    memcpy(p, bytes, len);
    p[len] = '\0';
    *out = p;
    *out_len = len;
    if (charset)
        *charset = "utf-8";
    return FOLIO_OK;
}
