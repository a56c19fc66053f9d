/* main.c — STUB CLI (folio [-f FORMAT] [--offline] FILE). Replaced by the
 * full command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio.h"

int main(int argc, char **argv)
{
    folio_format fmt = FOLIO_FORMAT_MARKDOWN;
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            fmt = strcmp(f, "json") == 0   ? FOLIO_FORMAT_JSON
                  : strcmp(f, "text") == 0 ? FOLIO_FORMAT_TEXT
                  : strcmp(f, "html") == 0 ? FOLIO_FORMAT_HTML
                                           : FOLIO_FORMAT_MARKDOWN;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            continue;
        } else {
            name = argv[i];
        }
    }
    if (!name) {
        fprintf(stderr, "usage: folio [-f FORMAT] FILE\n");
        return 2;
    }
    folio_input_options io;
    folio_input_options_init(&io);
    folio_input *in;
    char err[256] = "";
    if (folio_input_read(name, &io, &in, err, sizeof err) != FOLIO_OK) {
        fprintf(stderr, "folio: %s: %s\n", name, err);
        return 3;
    }
    folio_options o;
    folio_options_init(&o);
    o.url = in->url;
    o.content_type = in->content_type;
    folio_doc *d;
    folio_status st = folio_doc_parse(in->bytes, in->len, &o, &d);
    folio_input_free(in);
    if (st != FOLIO_OK) {
        fprintf(stderr, "folio: %s: %s\n", name, folio_strerror(st));
        return 5;
    }
    char *out;
    size_t len;
    st = folio_doc_render(d, fmt, &out, &len);
    if (st == FOLIO_OK) {
        fwrite(out, 1, len, stdout);
        free(out);
    } else {
        fprintf(stderr, "folio: %s: %s\n", name, folio_strerror(st));
    }
    folio_doc_free(d);
    return st == FOLIO_OK ? 0 : 1;
}
