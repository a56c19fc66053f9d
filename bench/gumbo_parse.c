/* gumbo_parse.c — the floor: parse each file with gumbo and nothing else.
 *
 * Part of the benchmark (bench/run.py), not of folio. Every performance
 * figure of folio is a ratio to this program's time on the same pages: it
 * reads each file, then times gumbo_parse_with_options + gumbo_destroy_output
 * with the options folio's dom.c uses (max_errors = 0), in one process.
 *
 * usage: gumbo_parse [-r N] [-w] [-q] FILE...
 *   -r N  parse each file N times and report the fastest (default 1)
 *   -w    time wall-clock (CLOCK_MONOTONIC); default is this process's CPU
 *         time, which a shared machine disturbs less
 *   -q    print only the total line
 * Output: one line per file, "seconds<TAB>bytes<TAB>path", then
 * "total<TAB>seconds<TAB>bytes<TAB>files".
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static clockid_t bench_clock = CLOCK_PROCESS_CPUTIME_ID;
#include "bench_io.h"


/* Seconds for one parse and destroy of len bytes. */
static double parse_once(const char *html, size_t len)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* as dom.c: folio never reads the errors */
    double t0 = now_seconds();
    GumboOutput *g = gumbo_parse_with_options(&opts, html, len);
    if (g)
        gumbo_destroy_output(&opts, g);
    return now_seconds() - t0;
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
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: gumbo_parse [-r N] [-w] [-q] FILE...\n");
            return 2;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: gumbo_parse [-r N] [-w] [-q] FILE...\n");
        return 2;
    }
    double total = 0;
    size_t total_bytes = 0;
    int files = 0, status = 0;
    for (; i < argc; i++) {
        size_t len = 0;
        char *html = read_file(argv[i], &len);
        if (!html) {
            fprintf(stderr, "gumbo_parse: cannot read %s\n", argv[i]);
            status = 1;
            continue;
        }
        double best = 0;
        for (int r = 0; r < repeat; r++) {
            double t = parse_once(html, len);
            if (r == 0 || t < best)
                best = t;
        }
        free(html);
        if (!quiet)
            printf("%.9f\t%zu\t%s\n", best, len, argv[i]);
        total += best;
        total_bytes += len;
        files++;
    }
    printf("total\t%.9f\t%zu\t%d\n", total, total_bytes, files);
    return status;
}
