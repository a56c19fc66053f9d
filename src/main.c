/* main.c — STUB CLI. Replaced by the full command line. */
#include <stdio.h>
#include <stdlib.h>

#include "folio.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: folio FILE\n");
        return 2;
    }
    folio_input_options io;
    folio_input_options_init(&io);
    folio_input *in;
    char err[256] = "";
    if (folio_input_read(argv[1], &io, &in, err, sizeof err) != FOLIO_OK) {
        fprintf(stderr, "folio: %s: %s\n", argv[1], err);
        return 3;
    }
    folio_options o;
    folio_options_init(&o);
    folio_doc *d;
    folio_status st = folio_doc_parse(in->bytes, in->len, &o, &d);
    folio_input_free(in);
    if (st != FOLIO_OK) {
        fprintf(stderr, "folio: %s: %s\n", argv[1], folio_strerror(st));
        return 5;
    }
    char *out;
    size_t len;
    st = folio_doc_render(d, FOLIO_FORMAT_MARKDOWN, &out, &len);
    if (st == FOLIO_OK) {
        fwrite(out, 1, len, stdout);
        free(out);
    }
    folio_doc_free(d);
    return st == FOLIO_OK ? 0 : 1;
}
