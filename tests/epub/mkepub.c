/* mkepub.c — a small driver of the EPUB packager for tests/epub/run.py.
 *
 * Reads each INPUT (a file; "FILE=URL" parses FILE as if it had been
 * downloaded from URL), parses it with folio_doc_parse and packages all
 * of them with folio_epub_build, independently of the CLI.
 *
 *   mkepub [--offline] [--no-images] [--cover F] [--title T] [--author A]
 *          [--lang L] [--toc-depth N] [--timestamp T] [--max-image-size N]
 *          [--image-timeout MS] [--max-images N] -o OUT INPUT...
 *
 * SOURCE_DATE_EPOCH gives the timestamp when --timestamp is not given.
 * Warnings go to stderr as "warning: ...". Exit 0 on success, 1 on error.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folio.h"

static void on_warn(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "warning: %s\n", line);
}

/* Parses one input "FILE" or "FILE=URL"; NULL on failure (reported).
 * *dir_out gets the file's directory for a local page (malloc'd). */
static folio_doc *load(const char *arg, char **dir_out)
{
    char *name = strdup(arg);
    char *eq = strstr(name, "=http");
    const char *url = NULL;
    if (eq) {
        *eq = '\0';
        url = eq + 1;
    }
    folio_input_options io;
    folio_input_options_init(&io);
    folio_input *in = NULL;
    char err[256] = "";
    folio_status st = folio_input_read(name, &io, &in, err, sizeof err);
    folio_doc *d = NULL;
    if (st == FOLIO_OK) {
        folio_options o;
        folio_options_init(&o);
        o.url = url;
        st = folio_doc_parse(in->bytes, in->len, &o, &d);
    }
    if (st != FOLIO_OK)
        fprintf(stderr, "mkepub: %s: %s %s\n", name, folio_strerror(st), err);
    if (!url) {
        char *copy = strdup(name);
        *dir_out = strdup(dirname(copy));
        free(copy);
    }
    folio_input_free(in);
    free(name);
    return d;
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || (f != stdout && fclose(f) != 0)) {
        fprintf(stderr, "mkepub: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    folio_epub_options eo;
    folio_epub_options_init(&eo);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        eo.timestamp = atoll(sde);
    const char *out = NULL;
    folio_doc *docs[64];
    size_t n = 0;
    char *dirs[64] = {NULL};
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--offline") == 0)
            eo.offline = 1;
        else if (strcmp(a, "--no-images") == 0)
            eo.images = 0;
        else if (strcmp(a, "-o") == 0 && v)
            out = argv[++i];
        else if (strcmp(a, "--cover") == 0 && v)
            eo.cover = argv[++i];
        else if (strcmp(a, "--title") == 0 && v)
            eo.title = argv[++i];
        else if (strcmp(a, "--author") == 0 && v)
            eo.author = argv[++i];
        else if (strcmp(a, "--lang") == 0 && v)
            eo.lang = argv[++i];
        else if (strcmp(a, "--toc-depth") == 0 && v)
            eo.toc_depth = atoi(argv[++i]);
        else if (strcmp(a, "--max-image-size") == 0 && v)
            eo.max_image_size = (size_t)atoll(argv[++i]);
        else if (strcmp(a, "--image-timeout") == 0 && v)
            eo.image_timeout_ms = atol(argv[++i]);
        else if (strcmp(a, "--max-images") == 0 && v)
            eo.max_images = (size_t)atoll(argv[++i]);
        else if (strcmp(a, "--timestamp") == 0 && v)
            eo.timestamp = atoll(argv[++i]);
        else if (n < 64) {
            folio_doc *d = load(a, &dirs[n]);
            if (d && folio_doc_has_article(d)) {
                docs[n++] = d;
            } else {
                if (d)
                    fprintf(stderr, "mkepub: %s: no article\n", a);
                folio_doc_free(d);
                free(dirs[n]);
                dirs[n] = NULL;
                rc = 1;
            }
        }
    }
    if (!out || n == 0) {
        fprintf(stderr, "usage: mkepub [options] -o OUT INPUT...\n");
        return 1;
    }
    eo.input_dirs = (const char *const *)dirs; /* each page's own directory */
    char *data = NULL, err[256] = "";
    size_t len = 0;
    folio_status st = folio_epub_build(docs, n, &eo, on_warn, NULL, &data, &len, err, sizeof err);
    if (st != FOLIO_OK) {
        fprintf(stderr, "mkepub: %s (%s)\n", err, folio_strerror(st));
        rc = 1;
    } else {
        rc |= write_file(out, data, len);
    }
    free(data);
    for (size_t i = 0; i < n; i++) {
        folio_doc_free(docs[i]);
        free(dirs[i]);
    }
    return rc;
}
