/* cli_batch.c — converting the inputs of one run, in order, in threads.
 *
 * The middle of the program: cli_convert runs one input through the
 * library (read, parse, render); cli_batch_run feeds inputs to workers
 * through a small window of slots and hands the results to main.c in input
 * order, so the output of -j N is the output of -j 1. libfolio is
 * reentrant: each worker converts its own documents. Nothing here prints.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Slots in flight per worker: enough to keep every worker busy while the
 * oldest input is still being converted, few enough to bound memory. */
#define SLOTS_PER_WORKER 4

char *cli_input_dir(const char *name)
{
    if (strcmp(name, "-") == 0 || folio_is_url(name))
        return NULL;
    const char *slash = strrchr(name, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == name ? 1 : (size_t)(slash - name);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, name, n);
        d[n] = '\0';
    }
    return d;
}

/* Takes the first line out of l->buf when there is one (or the rest at
 * the end of the input). */
static int take_line(cli_lines *l, char **line)
{
    char *nl = l->len ? memchr(l->buf, '\n', l->len) : NULL;
    if (!nl && !(l->eof && l->len))
        return 0;
    size_t n = nl ? (size_t)(nl - l->buf) : l->len;
    size_t used = nl ? n + 1 : n;
    char *s = malloc(n + 1);
    if (!s)
        return -1;
    memcpy(s, l->buf, n);
    s[n] = '\0';
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
    memmove(l->buf, l->buf + used, l->len - used);
    l->len -= used;
    *line = s;
    return 1;
}

int cli_lines_next(cli_lines *l, int block, char **line)
{
    for (;;) {
        int r = take_line(l, line);
        if (r != 0)
            return r > 0 ? 1 : (errno = ENOMEM, -2);
        if (l->eof)
            return 0;
        struct pollfd pf = {l->fd, POLLIN, 0};
        if (!block && poll(&pf, 1, 0) == 0)
            return -1;
        if (l->cap - l->len < 4096) {
            size_t cap = l->cap ? l->cap * 2 : 8192;
            char *b = realloc(l->buf, cap);
            if (!b)
                return errno = ENOMEM, -2;
            l->buf = b;
            l->cap = cap;
        }
        ssize_t n = read(l->fd, l->buf + l->len, l->cap - l->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -2;
        l->eof = n == 0;
        l->len += (size_t)n;
    }
}

void cli_lines_free(cli_lines *l)
{
    free(l->buf);
    l->buf = NULL;
    l->len = l->cap = 0;
}

void cli_job_warn(void *ctx, const char *line)
{
    cli_job *j = ctx;
    size_t n = strlen(line);
    char *w = realloc(j->warnings, j->wlen + n + 2);
    if (!w)
        return; /* a lost warning is better than a failed conversion */
    memcpy(w + j->wlen, line, n);
    w[j->wlen + n] = '\n';
    w[j->wlen + n + 1] = '\0';
    j->warnings = w;
    j->wlen += n + 1;
}

void cli_job_clear(cli_job *j)
{
    free(j->name);
    free(j->out);
    free(j->input_dir);
    free(j->warnings);
    folio_doc_free(j->doc);
    j->name = j->out = j->input_dir = j->warnings = NULL;
    j->doc = NULL;
}

static void fail(cli_job *j, int code, const char *reason)
{
    j->exit_code = code;
    snprintf(j->reason, sizeof j->reason, "%s", reason);
}

static void fail_status(cli_job *j, folio_status st)
{
    fail(j, cli_exit_code(st), folio_strerror(st));
}

/* Reads and parses j->name into *d; 0, or -1 with j failed. */
static int read_and_parse(const cli_config *c, cli_job *j, folio_doc **d)
{
    if (c->epub.offline && folio_is_url(j->name)) {
        fail(j, CLI_EXIT_USAGE, "--offline given with a URL input");
        return -1;
    }
    if (c->jsonl && strcmp(j->name, "-") == 0) {
        fail(j, CLI_EXIT_USAGE, "standard input is the list of inputs");
        return -1;
    }
    folio_input *in = NULL;
    char err[CLI_REASON_MAX] = "";
    folio_status st = folio_input_read(j->name, &c->input, &in, err, sizeof err);
    if (st != FOLIO_OK) {
        fail(j, cli_exit_code(st), *err ? err : folio_strerror(st));
        return -1;
    }
    folio_options o = c->doc;
    o.url = in->url;
    o.content_type = in->content_type;
    st = folio_doc_parse(in->bytes, in->len, &o, d);
    folio_input_free(in);
    if (st == FOLIO_ELIMIT) {
        snprintf(err, sizeof err,
                 "page too large or too deeply nested (limit %zu bytes, depth %u, %zu nodes)",
                 o.max_size, o.max_depth, o.max_nodes);
        fail(j, CLI_EXIT_LIMIT, err);
    } else if (st == FOLIO_EINPUT) {
        fail(j, CLI_EXIT_INPUT, "not an HTML page (binary data)");
    } else if (st != FOLIO_OK) {
        fail_status(j, st);
    }
    return st == FOLIO_OK ? 0 : -1;
}

/* One book of one document into j->out. */
static void build_epub(const cli_config *c, cli_job *j, folio_doc *d)
{
    folio_epub_options eo = c->epub;
    eo.input_dir = j->input_dir;
    char err[CLI_REASON_MAX] = "";
    folio_status st =
        folio_epub_build(&d, 1, &eo, cli_job_warn, j, &j->out, &j->len, err, sizeof err);
    if (st != FOLIO_OK)
        fail(j, cli_exit_code(st), *err ? err : folio_strerror(st));
}

void cli_convert(const cli_config *c, cli_work work, cli_job *j)
{
    folio_doc *d = NULL;
    if (read_and_parse(c, j, &d) != 0)
        return;
    const folio_meta *m = folio_doc_meta(d);
    folio_slug(m->title, j->slug, CLI_SLUG_MAX);
    j->has_article = folio_doc_has_article(d);
    folio_status st = FOLIO_OK;
    if (work == CLI_WORK_META) {
        st = folio_doc_render_meta(d, &j->out, &j->len);
    } else if (!j->has_article) {
        st = FOLIO_ENOARTICLE;
    } else if (work == CLI_WORK_RENDER) {
        st = folio_doc_render(d, c->format, &j->out, &j->len);
    } else if (work == CLI_WORK_EPUB_EACH) {
        build_epub(c, j, d);
    } else if (work == CLI_WORK_KEEP_DOC) {
        j->doc = d;
        d = NULL;
    }
    if (st != FOLIO_OK)
        fail_status(j, st);
    folio_doc_free(d);
}

/* ------------------------------------------------------------ the pool */

typedef struct {
    cli_job job;
    int done;
} slot;

typedef struct {
    const cli_config *c;
    cli_work work;
    pthread_mutex_t mu;
    pthread_cond_t work_cv; /* a slot to convert, or closing */
    pthread_cond_t done_cv; /* a slot was converted */
    slot *slots;
    size_t cap;
    size_t head;  /* next to emit */
    size_t claim; /* next to hand to a worker */
    size_t tail;  /* next to fill */
    int closing;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->claim == p->tail && !p->closing)
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (p->claim == p->tail)
            break;
        slot *s = &p->slots[p->claim++ % p->cap];
        pthread_mutex_unlock(&p->mu);
        cli_convert(p->c, p->work, &s->job);
        pthread_mutex_lock(&p->mu);
        s->done = 1;
        pthread_cond_broadcast(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Fills the next slot from io->next: 1, 0 at the end of the inputs, -1
 * when no input is ready and block is 0. */
static int fill(pool *p, const cli_batch_io *io, int threaded, int block)
{
    char *name;
    int r = io->next(io->ctx, block, &name);
    if (r <= 0)
        return r;
    slot *s = &p->slots[p->tail % p->cap];
    memset(s, 0, sizeof *s);
    s->job.name = name;
    s->job.index = p->tail;
    s->job.input_dir = cli_input_dir(name);
    if (io->start)
        io->start(io->ctx, &s->job, io->total);
    if (!threaded) {
        cli_convert(p->c, p->work, &s->job);
        s->done = 1;
        p->tail++;
        return 1;
    }
    pthread_mutex_lock(&p->mu);
    p->tail++;
    pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    return 1;
}

/* Emits the oldest slot, waiting for it when wait is set. 1 when one was
 * emitted, 0 when not, and the emit result through *stop. */
static int emit_head(pool *p, const cli_batch_io *io, int wait, int *stop)
{
    pthread_mutex_lock(&p->mu);
    slot *s = &p->slots[p->head % p->cap];
    while (wait && !s->done)
        pthread_cond_wait(&p->done_cv, &p->mu);
    int ready = s->done;
    pthread_mutex_unlock(&p->mu);
    if (!ready)
        return 0;
    *stop = io->emit(io->ctx, &s->job);
    cli_job_clear(&s->job);
    p->head++;
    return 1;
}

/* The main thread's loop: read inputs while there is room, emit in order. */
static int drive(pool *p, const cli_batch_io *io, int threaded)
{
    int stop = 0, more = 1;
    while (!stop) {
        while (p->head < p->tail && !stop && emit_head(p, io, 0, &stop))
            ;
        if (stop)
            break;
        if (more && p->tail - p->head < p->cap) {
            int r = fill(p, io, threaded, p->head == p->tail);
            more = r != 0;
            if (r >= 0)
                continue;
        }
        if (p->head == p->tail) {
            if (!more)
                break;
            continue;
        }
        emit_head(p, io, 1, &stop);
    }
    return stop;
}

/* Stops the workers; unconverted slots are dropped. */
static void shut_down(pool *p, pthread_t *t, int nt)
{
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    for (size_t i = p->claim; i < p->tail; i++)
        cli_job_clear(&p->slots[i % p->cap].job); /* never handed out */
    p->tail = p->claim;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < nt; i++)
        pthread_join(t[i], NULL);
}

int cli_batch_run(const cli_config *c, cli_work work, const cli_batch_io *io)
{
    int nt = c->jobs;
    if (io->total && (size_t)nt > io->total)
        nt = (int)io->total; /* no idle threads */
    if (nt < 2)
        nt = 0; /* convert in this thread */
    pool p = {.c = c, .work = work};
    p.cap = nt ? (size_t)nt * SLOTS_PER_WORKER : 1;
    p.slots = calloc(p.cap, sizeof *p.slots);
    pthread_t *t = nt ? calloc((size_t)nt, sizeof *t) : NULL;
    if (!p.slots || (nt && !t)) {
        free(p.slots);
        free(t);
        return -1;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work_cv, NULL);
    pthread_cond_init(&p.done_cv, NULL);
    int started = 0, r;
    while (started < nt && pthread_create(&t[started], NULL, worker, &p) == 0)
        started++;
    r = drive(&p, io, started > 0); /* no thread: convert here */
    shut_down(&p, t, started);
    for (size_t i = p.head; i < p.tail; i++)
        cli_job_clear(&p.slots[i % p.cap].job);
    pthread_cond_destroy(&p.done_cv);
    pthread_cond_destroy(&p.work_cv);
    pthread_mutex_destroy(&p.mu);
    free(p.slots);
    free(t);
    return r;
}
