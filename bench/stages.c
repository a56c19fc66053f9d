/* stages.c — time each stage of folio's pipeline separately, page by page.
 *
 * Part of the benchmark (bench/run.py), not of folio. Links the static core
 * library and runs, for each page, the stages that folio.c's pipeline runs,
 * in the same order, timing each one:
 *
 *   decode -> dom_parse -> meta_extract -> extract_article -> clean_article
 *          -> model_build -> text (text_from_model + word count)
 *          -> render_markdown -> free
 *
 * In the same process it also times gumbo alone on the same decoded bytes
 * (with dom.c's options), so the ratios the issues ask for
 * ("extract+clean / gumbo parse", "meta / gumbo parse") come from one run,
 * and the "pipeline" column times folio_doc_parse + folio_doc_render as the
 * library runs them, to check the sum of the stages.
 *
 * The document is set up as the CLI sets it up for a local file: no source
 * URL, default options, the base from a <base href> when it is absolute.
 *
 * usage: stages [-r N] [-w] [-q] [-n] FILE...
 *   -r N  run each page N times; each column is the fastest of the N
 *   -n    only the stages: neither gumbo alone nor the library's pipeline
 *         (for profiling: callgrind then counts each stage once)
 *   -w    wall-clock (CLOCK_MONOTONIC); default is the process CPU time
 *   -q    print only the totals and the ratios
 * Output: a header line, one tab-separated line of seconds per page, a
 * "total" line (sums), then "ratio NAME VALUE" lines.
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode.h"
#include "internal.h"
#include "url.h"

/* The columns, in pipeline order. */
enum {
    COL_GUMBO,  /* gumbo alone on the decoded bytes: the floor */
    COL_DECODE,
    COL_DOM,    /* gumbo + the copy into folio's arena DOM */
    COL_META,
    COL_EXTRACT,
    COL_CLEAN,
    COL_MODEL,
    COL_TEXT,
    COL_RENDER, /* render_markdown */
    COL_FREE,
    COL_PIPELINE, /* folio_doc_parse + folio_doc_render(markdown) + free */
    NCOLS
};

static const char *const col_names[NCOLS] = {
    "gumbo", "decode", "dom", "meta", "extract", "clean",
    "model", "text", "render", "free", "pipeline",
};

static clockid_t bench_clock = CLOCK_PROCESS_CPUTIME_ID;
#include "bench_io.h"

static int stages_only; /* -n */

/* What one run of a page gave. */
typedef struct {
    double t[NCOLS];
    size_t arena_bytes;    /* arena_used after the pipeline */
    size_t output_bytes;   /* Markdown length */
    const char *failed_at; /* the stage that failed or found nothing, or NULL */
} page_run;

static double time_gumbo(const char *html, size_t len)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* as dom.c */
    double t0 = now_seconds();
    GumboOutput *g = gumbo_parse_with_options(&opts, html, len);
    if (g)
        gumbo_destroy_output(&opts, g);
    return now_seconds() - t0;
}

/* As folio.c's find_base with no URL and no --base-url: an absolute
 * <base href> in the head. */
static void set_base(folio_doc *d)
{
    for (dom_node *n = d->dom.head->first; n; n = n->next) {
        const char *href = dom_is(n, TAG_BASE) ? dom_attr(n, "href") : NULL;
        if (href && *href) {
            char *b = url_resolve(d->arena, NULL, href);
            if (b && url_is_http(b))
                d->base_url = b;
            break;
        }
    }
}

/* The stages after dom_parse, each timed into r->t. */
static void run_stages(folio_doc *d, page_run *r)
{
    double t0 = now_seconds();
    set_base(d);
    meta_context mc = {NULL, d->base_url, 0};
    folio_status st = meta_extract(&d->dom, &mc, &d->meta, &d->hints);
    double t1 = now_seconds();
    r->t[COL_META] = t1 - t0;
    if (st != FOLIO_OK) {
        r->failed_at = "meta";
        return;
    }
    st = extract_article(&d->dom, &d->meta, &d->hints, &d->article);
    double t2 = now_seconds();
    r->t[COL_EXTRACT] = t2 - t1;
    if (st != FOLIO_OK || !d->article) {
        r->failed_at = "extract";
        return;
    }
    clean_context cc = {d->base_url, d->meta.title, d->images != 0};
    st = clean_article(&d->dom, d->article, &cc);
    double t3 = now_seconds();
    r->t[COL_CLEAN] = t3 - t2;
    if (st != FOLIO_OK) {
        r->failed_at = "clean";
        return;
    }
    st = model_build(d->article, &d->model);
    double t4 = now_seconds();
    r->t[COL_MODEL] = t4 - t3;
    if (st != FOLIO_OK || !d->model) {
        r->failed_at = "model";
        return;
    }
    buf b = BUF_INIT;
    st = text_from_model(d->model, 0, &b);
    if (st == FOLIO_OK && !b.failed) {
        d->text_len = b.len;
        d->text = arena_strndup(d->arena, b.data ? b.data : "", b.len);
        if (d->text)
            d->meta.word_count = text_word_count(d->text, d->text_len);
    }
    buf_free(&b);
    double t5 = now_seconds();
    r->t[COL_TEXT] = t5 - t4;
    if (!d->text) {
        r->failed_at = "text";
        return;
    }
    buf out = BUF_INIT;
    st = render_markdown(d, &out);
    r->t[COL_RENDER] = now_seconds() - t5;
    r->output_bytes = out.len;
    if (st != FOLIO_OK || out.failed)
        r->failed_at = "render";
    buf_free(&out);
}

/* One run of the whole page through the stages, then through the library. */
static void run_page(const char *bytes, size_t len, page_run *r)
{
    memset(r, 0, sizeof *r);
    folio_options o;
    folio_options_init(&o);

    double t0 = now_seconds();
    char *html = NULL;
    size_t html_len = 0;
    folio_status st = decode_to_utf8(bytes, len, NULL, &html, &html_len, NULL);
    r->t[COL_DECODE] = now_seconds() - t0;
    if (st != FOLIO_OK) {
        r->failed_at = "decode";
        return;
    }
    if (!stages_only)
        r->t[COL_GUMBO] = time_gumbo(html, html_len);

    folio_doc *d = calloc(1, sizeof *d);
    if (!d || !(d->arena = arena_new())) {
        free(d);
        free(html);
        r->failed_at = "alloc";
        return;
    }
    d->front_matter = o.front_matter;
    d->images = o.images;
    d->wrap = o.wrap;
    d->link_style = o.link_style;
    dom_limits lim = {o.max_depth, o.max_nodes, o.max_attrs};
    double t1 = now_seconds();
    st = dom_parse(d->arena, html, html_len, &lim, &d->dom);
    r->t[COL_DOM] = now_seconds() - t1;
    free(html);
    if (st != FOLIO_OK)
        r->failed_at = "dom";
    else
        run_stages(d, r);
    r->arena_bytes = arena_used(d->arena);
    double t2 = now_seconds();
    folio_doc_free(d);
    r->t[COL_FREE] = now_seconds() - t2;

    /* The library's own pipeline, as a check on the sum of the parts. */
    if (stages_only)
        return;
    double t3 = now_seconds();
    folio_doc *ld = NULL;
    if (folio_doc_parse(bytes, len, &o, &ld) == FOLIO_OK) {
        char *md = NULL;
        size_t md_len = 0;
        if (folio_doc_render(ld, FOLIO_FORMAT_MARKDOWN, &md, &md_len) == FOLIO_OK)
            free(md);
        folio_doc_free(ld);
    }
    r->t[COL_PIPELINE] = now_seconds() - t3;
}

static void print_row(const char *label, const double *t, size_t bytes, size_t arena_bytes,
                      size_t out_bytes, const char *note)
{
    printf("%s\t%zu", label, bytes);
    for (int c = 0; c < NCOLS; c++)
        printf("\t%.9f", t[c]);
    printf("\t%zu\t%zu\t%s\n", arena_bytes, out_bytes, note ? note : "-");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    int repeat = 1, quiet = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            repeat = atoi(argv[++i]);
            if (repeat < 1)
                repeat = 1;
        } else if (strcmp(argv[i], "-w") == 0) {
            bench_clock = CLOCK_MONOTONIC;
        } else if (strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "-n") == 0) {
            stages_only = 1;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: stages [-r N] [-w] [-q] [-n] FILE...\n");
            return 2;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: stages [-r N] [-w] [-q] [-n] FILE...\n");
        return 2;
    }
    int nfiles = argc - i, status = 0;
    double *ec_ratio = calloc((size_t)nfiles, sizeof *ec_ratio);
    double *meta_ratio = calloc((size_t)nfiles, sizeof *meta_ratio);
    if (!ec_ratio || !meta_ratio) {
        fprintf(stderr, "stages: out of memory\n");
        return 1;
    }
    size_t nratios = 0;
    double total[NCOLS] = {0};
    size_t total_bytes = 0, total_arena = 0, total_out = 0;
    int failed = 0;

    printf("page\tbytes");
    for (int c = 0; c < NCOLS; c++)
        printf("\t%s", col_names[c]);
    printf("\tarena_bytes\tmd_bytes\tnote\n");
    for (; i < argc; i++) {
        size_t len = 0;
        char *bytes = read_file(argv[i], &len);
        if (!bytes) {
            fprintf(stderr, "stages: cannot read %s\n", argv[i]);
            status = 1;
            continue;
        }
        page_run best, r;
        for (int k = 0; k < repeat; k++) {
            run_page(bytes, len, &r);
            if (k == 0) {
                best = r;
                continue;
            }
            for (int c = 0; c < NCOLS; c++)
                if (r.t[c] < best.t[c])
                    best.t[c] = r.t[c];
        }
        free(bytes);
        if (!quiet)
            print_row(argv[i], best.t, len, best.arena_bytes, best.output_bytes,
                      best.failed_at);
        for (int c = 0; c < NCOLS; c++)
            total[c] += best.t[c];
        total_bytes += len;
        total_arena += best.arena_bytes;
        total_out += best.output_bytes;
        failed += best.failed_at != NULL;
        if (best.t[COL_GUMBO] > 0) {
            ec_ratio[nratios] = (best.t[COL_EXTRACT] + best.t[COL_CLEAN]) / best.t[COL_GUMBO];
            meta_ratio[nratios] = best.t[COL_META] / best.t[COL_GUMBO];
            nratios++;
        }
    }
    print_row("total", total, total_bytes, total_arena, total_out, NULL);

    double g = total[COL_GUMBO] > 0 ? total[COL_GUMBO] : 1e-12;
    double stages_sum = 0;
    for (int c = COL_DECODE; c <= COL_FREE; c++)
        stages_sum += total[c];
    printf("ratio extract_clean_over_gumbo %.4f\n", (total[COL_EXTRACT] + total[COL_CLEAN]) / g);
    printf("ratio meta_over_gumbo %.4f\n", total[COL_META] / g);
    printf("ratio dom_over_gumbo %.4f\n", total[COL_DOM] / g);
    printf("ratio stages_over_gumbo %.4f\n", stages_sum / g);
    printf("ratio pipeline_over_gumbo %.4f\n", total[COL_PIPELINE] / g);
    printf("ratio extract_clean_over_gumbo_median_page %.4f\n", median(ec_ratio, nratios));
    printf("ratio meta_over_gumbo_median_page %.4f\n", median(meta_ratio, nratios));
    printf("pages %d failed_or_empty %d\n", nfiles, failed);
    free(ec_ratio);
    free(meta_ratio);
    return status;
}
