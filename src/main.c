/* main.c — the folio program: the only file that prints or exits.
 *
 * Parses the command line (cli_args.c), converts the inputs in order
 * (cli_batch.c) and sends each result where the options say (cli_output.c):
 * standard output or -o FILE, one file per input in -O DIR, or one EPUB of
 * all inputs. Maps every folio_status to a one-line message naming the
 * input and to the exit codes of folio(1).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

/* The state of one run, shared by the batch callbacks. */
typedef struct {
    const cli_config *c;
    size_t next_arg;   /* next of c->inputs */
    int first_failure; /* exit code of the first input that failed */
    size_t started;    /* inputs handed to the batch */
    size_t failed;     /* inputs that failed */
    int progress;      /* "[i/n] input" on stderr */
    int json_lines;    /* one JSON value a line */
    cli_out out;       /* standard output or -o FILE */
    int out_code;      /* CLI_EXIT_OUTPUT after an output error */
    folio_doc **docs;  /* the chapters of one book */
    size_t ndocs;
    cli_lines lines;         /* --jsonl: the list of inputs on stdin */
    char **dirs;             /* the folder of each chapter's local images,
                                or NULL entries (URLs, stdin) */
    cli_config chapter_opts; /* a book of several inputs: c without the
                                title and author overrides */
} run;

/* The temporary file of -o while it is written, removed when a signal
 * ends the program: the one piece of global state the CLI needs. */
static char temp_path[4096];
static volatile sig_atomic_t temp_armed;

static void on_fatal_signal(int sig)
{
    if (temp_armed)
        unlink(temp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void arm_temp(const char *tmp)
{
    temp_armed = 0;
    if (tmp && strlen(tmp) < sizeof temp_path) {
        memcpy(temp_path, tmp, strlen(tmp) + 1);
        temp_armed = 1;
    }
}

static void set_signals(void)
{
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is a failed write, handled */
    signal(SIGXFSZ, SIG_IGN); /* a file-size limit is a failed write (EFBIG) */
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
        sigaction(fatal[i], &sa, NULL);
}

static void say(const char *name, const char *reason)
{
    if (name)
        fprintf(stderr, "folio: %s: %s\n", name, reason);
    else
        fprintf(stderr, "folio: %s\n", reason);
}

static void warn_print(void *ctx, const char *line)
{
    const run *r = ctx;
    if (!r->c->quiet)
        fprintf(stderr, "folio: warning: %s\n", line);
}

/* The warnings a worker collected, one "folio: warning:" line each. */
static void print_warnings(const run *r, const cli_job *j)
{
    const char *p = j->warnings;
    while (p && *p && !r->c->quiet) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(stderr, "folio: warning: %.*s\n", n, p);
        p += n + (nl != NULL);
    }
}

static void note_failure(run *r, int code)
{
    if (code && !r->first_failure)
        r->first_failure = code;
}

/* ------------------------------------------------------------ inputs */

static int next_arg(void *ctx, int block, char **name)
{
    run *r = ctx;
    (void)block;
    if (r->next_arg >= r->c->ninputs)
        return 0;
    *name = strdup(r->c->inputs[r->next_arg++]);
    if (!*name) {
        say(r->c->inputs[r->next_arg - 1], "out of memory");
        note_failure(r, CLI_EXIT_LIMIT);
        return 0;
    }
    return 1;
}

/* --jsonl: the next non-blank line of stdin, trimmed. */
static int next_line(void *ctx, int block, char **name)
{
    run *r = ctx;
    char *line;
    int got;
    while ((got = cli_lines_next(&r->lines, block, &line)) == 1) {
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        size_t lead = strspn(line, " \t");
        if (line[lead]) {
            memmove(line, line + lead, n - lead + 1);
            *name = line;
            return 1;
        }
        free(line);
    }
    if (got == -2) {
        say("standard input", strerror(errno));
        note_failure(r, CLI_EXIT_INPUT);
        return 0;
    }
    return got;
}

static void on_start(void *ctx, const cli_job *j, size_t n)
{
    run *r = ctx;
    r->started++;
    if (r->progress)
        fprintf(stderr, "[%zu/%zu] %s\n", j->index + 1, n, j->name);
    else if (r->c->verbose)
        fprintf(stderr, "folio: converting %s\n", j->name);
}

/* ----------------------------------------------------------- results */

/* A failed input: its message, and its JSON Lines record with --jsonl. */
static int emit_failure(run *r, const cli_job *j)
{
    note_failure(r, j->exit_code);
    r->failed++;
    if (!(r->c->check && j->exit_code == CLI_EXIT_NOARTICLE))
        say(j->name, j->reason);
    if (!r->c->jsonl)
        return 0;
    size_t len;
    char *line = cli_json_error_line(j->name, j->reason, &len);
    char err[CLI_REASON_MAX];
    if (!line)
        snprintf(err, sizeof err, "out of memory");
    int bad = !line || cli_out_write(&r->out, line, len, 1, err, sizeof err) != 0;
    free(line);
    if (bad && !r->out.broken_pipe)
        say(j->name, err);
    if (bad) {
        r->out_code = CLI_EXIT_OUTPUT;
        note_failure(r, CLI_EXIT_OUTPUT);
    }
    return bad;
}

/* Standard output or -o FILE: the result, one line of it for JSON Lines. */
static int emit_stream(void *ctx, cli_job *j)
{
    run *r = ctx;
    print_warnings(r, j);
    if (j->exit_code)
        return emit_failure(r, j);
    if (r->json_lines)
        cli_json_one_line(j->out, &j->len);
    char err[CLI_REASON_MAX];
    if (cli_out_write(&r->out, j->out, j->len, !r->json_lines, err, sizeof err) != 0 ||
        (r->json_lines && cli_out_write(&r->out, "\n", 1, 1, err, sizeof err) != 0)) {
        if (!r->out.broken_pipe)
            say(j->name, err);
        r->out_code = CLI_EXIT_OUTPUT;
        note_failure(r, CLI_EXIT_OUTPUT);
        return 1;
    }
    if (r->c->verbose)
        fprintf(stderr, "folio: %s: %zu bytes of %s\n", j->name, j->len,
                cli_format_ext(r->c->format, r->c->meta));
    return 0;
}

/* -O DIR: a new file per input. */
static int emit_dir(void *ctx, cli_job *j)
{
    run *r = ctx;
    print_warnings(r, j);
    if (j->exit_code)
        return emit_failure(r, j);
    char path[4096], err[CLI_REASON_MAX];
    const char *ext = cli_format_ext(r->c->format, r->c->meta);
    cli_new_file f = {r->c->output_dir, j->slug, ext, r->c->umask, arm_temp};
    if (cli_write_new_file(&f, j->out, j->len, path, sizeof path, err, sizeof err) != 0) {
        say(j->name, err);
        r->out_code = CLI_EXIT_OUTPUT;
        note_failure(r, CLI_EXIT_OUTPUT);
        return 1;
    }
    if (r->c->verbose)
        fprintf(stderr, "folio: %s -> %s\n", j->name, path);
    return 0;
}

static int emit_check(void *ctx, cli_job *j)
{
    run *r = ctx;
    if (j->exit_code)
        emit_failure(r, j);
    return 0;
}

/* One book: keep each document (and where its local images are). */
static int emit_book(void *ctx, cli_job *j)
{
    run *r = ctx;
    print_warnings(r, j);
    if (j->exit_code)
        return emit_failure(r, j);
    folio_doc **docs = realloc(r->docs, (r->ndocs + 1) * sizeof *docs);
    if (docs)
        r->docs = docs;
    char **dirs = docs ? realloc(r->dirs, (r->ndocs + 1) * sizeof *dirs) : NULL;
    if (!dirs) {
        say(j->name, "out of memory");
        note_failure(r, CLI_EXIT_LIMIT);
        return 1;
    }
    r->dirs = dirs;
    r->dirs[r->ndocs] = j->input_dir;
    j->input_dir = NULL;
    r->docs[r->ndocs++] = j->doc;
    j->doc = NULL;
    return 0;
}

/* ------------------------------------------------------------- modes */

static int run_batch(run *r, cli_work work, int (*emit)(void *, cli_job *))
{
    cli_batch_io io = {r->c->jsonl ? next_line : next_arg, on_start, emit, r,
                       r->c->jsonl ? 0 : r->c->ninputs};
    if (cli_batch_run(r->c, work, &io) < 0) {
        say(NULL, "out of memory");
        note_failure(r, CLI_EXIT_LIMIT);
    }
    if (r->c->verbose && r->started > 1)
        fprintf(stderr, "folio: %zu inputs, %zu failed\n", r->started, r->failed);
    return r->first_failure;
}

/* The name a message about the whole output carries. */
static const char *run_name(const run *r)
{
    if (r->c->jsonl)
        return "standard input";
    return r->c->ninputs == 1 ? r->c->inputs[0] : r->c->output ? r->c->output : "folio";
}

/* Standard output or -o FILE; JSON Lines for several JSON values. */
static int run_stream(run *r)
{
    const cli_config *c = r->c;
    char err[CLI_REASON_MAX];
    r->json_lines = c->jsonl || ((c->meta || c->format == FOLIO_FORMAT_JSON) && c->ninputs > 1);
    if (cli_out_open(&r->out, c->output, c->umask, err, sizeof err) != 0) {
        say(run_name(r), err);
        return CLI_EXIT_OUTPUT;
    }
    arm_temp(r->out.tmp);
    run_batch(r, c->meta ? CLI_WORK_META : CLI_WORK_RENDER, emit_stream);
    int wrote = r->out.fp && ftell(r->out.fp) > 0;
    if (r->out_code || (r->out.tmp && !wrote)) {
        cli_out_abort(&r->out); /* nothing or half of it: leave no file */
        temp_armed = 0;
        return r->first_failure;
    }
    int bad = cli_out_commit(&r->out, err, sizeof err);
    temp_armed = 0;
    if (bad) {
        if (!r->out.broken_pipe)
            say(run_name(r), err);
        note_failure(r, CLI_EXIT_OUTPUT);
    } else if (c->verbose && c->output && strcmp(c->output, "-") != 0) {
        fprintf(stderr, "folio: wrote %s\n", c->output);
    }
    return r->first_failure;
}

/* The file name of a book without -o: the slug of its title (the default
 * title of several articles is epub.c's, "folio digest YYYY-MM-DD"). */
static void book_slug(const run *r, char *slug)
{
    const char *title = r->c->epub.title;
    char dated[64];
    if (!title && r->ndocs == 1) {
        title = folio_doc_meta(r->docs[0])->title;
    } else if (!title) {
        time_t t = (time_t)r->c->epub.timestamp;
        struct tm tm;
        if (gmtime_r(&t, &tm) && strftime(dated, sizeof dated, "folio digest %Y-%m-%d", &tm))
            title = dated;
    }
    folio_slug(title, slug, CLI_SLUG_MAX);
}

static int write_book(run *r, const char *data, size_t len)
{
    const cli_config *c = r->c;
    char err[CLI_REASON_MAX], path[4096];
    if (c->output) {
        cli_out o;
        int bad = cli_out_open(&o, c->output, c->umask, err, sizeof err) != 0;
        if (!bad) {
            arm_temp(o.tmp);
            bad = cli_out_write(&o, data, len, 0, err, sizeof err) != 0 ||
                  cli_out_commit(&o, err, sizeof err) != 0;
        }
        if (bad) {
            cli_out_abort(&o);
            arm_temp(NULL);
            say(run_name(r), err);
            return CLI_EXIT_OUTPUT;
        }
        arm_temp(NULL);
        snprintf(path, sizeof path, "%s", c->output);
    } else {
        char slug[CLI_SLUG_MAX + 1];
        book_slug(r, slug);
        cli_new_file f = {NULL, slug, "epub", c->umask, arm_temp};
        if (cli_write_new_file(&f, data, len, path, sizeof path, err, sizeof err) != 0) {
            say(run_name(r), err);
            return CLI_EXIT_OUTPUT;
        }
    }
    if (c->verbose)
        fprintf(stderr, "folio: wrote %s (%zu chapter%s)\n", path, r->ndocs,
                r->ndocs == 1 ? "" : "s");
    return 0;
}

/* One EPUB of every input that could be converted. */
static int run_book(run *r)
{
    run_batch(r, CLI_WORK_KEEP_DOC, emit_book);
    int code = 0;
    if (r->ndocs > 0) {
        folio_epub_options eo = r->c->epub;
        eo.input_dir = NULL;
        eo.input_dirs = (const char *const *)r->dirs;
        char *data = NULL, err[CLI_REASON_MAX] = "";
        size_t len = 0;
        folio_status st =
            folio_epub_build(r->docs, r->ndocs, &eo, warn_print, r, &data, &len, err, sizeof err);
        if (st != FOLIO_OK) {
            say(run_name(r), *err ? err : folio_strerror(st));
            code = cli_exit_code(st);
        } else {
            code = write_book(r, data, len);
        }
        free(data);
    }
    for (size_t i = 0; i < r->ndocs; i++) {
        folio_doc_free(r->docs[i]);
        free(r->dirs[i]);
    }
    free(r->docs);
    free(r->dirs);
    note_failure(r, code);
    return r->first_failure;
}

static int dispatch(run *r)
{
    const cli_config *c = r->c;
    if (c->check)
        return run_batch(r, CLI_WORK_CHECK, emit_check);
    if (c->output_dir) {
        cli_work w = c->meta                          ? CLI_WORK_META
                     : c->format == FOLIO_FORMAT_EPUB ? CLI_WORK_EPUB_EACH
                                                      : CLI_WORK_RENDER;
        return run_batch(r, w, emit_dir);
    }
    if (c->format == FOLIO_FORMAT_EPUB && !c->meta) {
        if (c->ninputs > 1) {
            /* --title and --author name the book; chapters keep their own */
            r->chapter_opts = *c;
            r->chapter_opts.doc.title = r->chapter_opts.doc.author = NULL;
            r->c = &r->chapter_opts;
        }
        return run_book(r);
    }
    return run_stream(r);
}

/* ------------------------------------------------------------- setup */

/* SOURCE_DATE_EPOCH when set and valid, else the time now. */
static long long book_time(const cli_config *c)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return (long long)time(NULL);
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*s >= '0' && *s <= '9' && !*end && !errno && v <= 253402300799LL)
        return v;
    if (!c->quiet)
        say(NULL, "warning: SOURCE_DATE_EPOCH is not a valid time; using the time now");
    return (long long)time(NULL);
}

/* What can be refused before any input is read. 0 or an exit code. */
static int preflight(const cli_config *c)
{
    struct stat st;
    if (c->output_dir && !c->check && (stat(c->output_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
        char reason[CLI_REASON_MAX];
        snprintf(reason, sizeof reason, "cannot write to directory: %s",
                 errno && !S_ISDIR(st.st_mode) ? strerror(errno) : "not a directory");
        say(c->output_dir, reason);
        return CLI_EXIT_OUTPUT;
    }
    int book = c->format == FOLIO_FORMAT_EPUB && !c->meta && !c->check && !c->output_dir;
    if (book && c->output && strcmp(c->output, "-") == 0 && isatty(STDOUT_FILENO)) {
        say(NULL, "refusing to write an EPUB to a terminal (use -o FILE)");
        return CLI_EXIT_USAGE;
    }
    if (c->epub.cover && (book || c->output_dir) && access(c->epub.cover, R_OK) != 0) {
        char reason[CLI_REASON_MAX];
        snprintf(reason, sizeof reason, "cannot read the cover: %s", strerror(errno));
        say(c->epub.cover, reason);
        return CLI_EXIT_INPUT;
    }
    return 0;
}

/* Closes standard output, checking that everything reached it. */
static int close_stdout(int code)
{
    if (fclose(stdout) != 0 && code == 0 && errno != EPIPE) {
        say("standard output", strerror(errno));
        return CLI_EXIT_OUTPUT;
    }
    return code;
}

/* Each page's memory is freed just before the next page asks for as much
 * again. By default glibc hands the top of the heap back to the system
 * after each page, and the next page faults it in anew. Keeping up to
 * 16 MiB free (per malloc arena, so per -j thread too) avoids most of it.
 * Setting the trim threshold freezes glibc's sliding mmap threshold at its
 * 128 KiB start, so blocks up to 4 MiB are kept on the heap explicitly;
 * bigger ones (a large page's input) are still mapped and returned at once.
 * Minor faults, 130 corpus pages -j 1 / -j 2 / the largest page six times:
 * 22,051 / 24,604 / 13,762 with glibc's defaults, 4,396 / 7,106 / 2,651
 * with these; peak RSS unchanged at -j 1 (20 MB), 27 -> 31 MB at -j 2. */
static void keep_heap(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

int main(int argc, char **argv)
{
    cli_config c;
    char err[CLI_REASON_MAX];
    switch (cli_args_parse(argc, argv, &c, err, sizeof err)) {
    case CLI_ARGS_HELP:
        fputs(cli_help_text(), stdout);
        return close_stdout(0);
    case CLI_ARGS_VERSION:
        printf("folio %s\n", FOLIO_VERSION);
        return close_stdout(0);
    case CLI_ARGS_USAGE:
        say(NULL, err);
        return CLI_EXIT_USAGE;
    case CLI_ARGS_RUN:
        break;
    }
    set_signals();
    keep_heap();
    c.umask = umask(0);
    umask(c.umask);
    c.doc.now = (long long)time(NULL);
    c.epub.timestamp = book_time(&c);
    int code = preflight(&c);
    if (code)
        return code;
    run r = {.c = &c, .lines = {.fd = STDIN_FILENO}};
    r.progress = !c.quiet && !c.jsonl && c.ninputs > 1 && isatty(STDERR_FILENO) &&
                 (c.output_dir || c.format == FOLIO_FORMAT_EPUB);
    code = dispatch(&r);
    cli_lines_free(&r.lines);
    return close_stdout(code);
}
