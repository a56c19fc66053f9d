/* input.c — STUB: files and stdin only. Replaced by the input stage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio.h"

void folio_input_options_init(folio_input_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_size = (size_t)64 << 20;
    o->timeout_ms = 30000;
    o->connect_timeout_ms = 10000;
    o->max_redirects = 10;
}

int folio_is_url(const char *name)
{
    return name && (strncmp(name, "http://", 7) == 0 || strncmp(name, "https://", 8) == 0);
}

folio_status folio_input_read(const char *name, const folio_input_options *o, folio_input **out,
                              char *err, size_t errlen)
{
    FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
    if (!f) {
        if (errlen)
            snprintf(err, errlen, "cannot open");
        return FOLIO_EINPUT;
    }
    folio_input *in = calloc(1, sizeof *in);
    size_t cap = 0;
    char tmp[65536];
    size_t n;
    while (in && (n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (in->len + n > o->max_size) {
            free(in->bytes);
            free(in);
            in = NULL;
            break;
        }
        if (in->len + n > cap) {
            cap = (in->len + n) * 2;
            in->bytes = realloc(in->bytes, cap);
        }
        memcpy(in->bytes + in->len, tmp, n);
        in->len += n;
    }
    if (f != stdin)
        fclose(f);
    if (!in)
        return FOLIO_ELIMIT;
    *out = in;
    return FOLIO_OK;
}

void folio_input_free(folio_input *in)
{
    if (!in)
        return;
    free(in->bytes);
    free(in->url);
    free(in->content_type);
    free(in);
}
