/* cli.h — internals shared by the folio program (not part of libfolio).
 *
 * main.c parses the command line with cli_args.c, converts inputs with
 * cli_batch.c (in order, optionally in several threads) and writes what
 * they make with cli_output.c. Only main.c prints or exits: the other CLI
 * files return a status and a one-line reason.
 */
#ifndef FOLIO_CLI_H
#define FOLIO_CLI_H

#include <stdio.h>
#include <sys/types.h>

#include "folio.h"

/* Exit codes (documented in folio --help and folio(1)). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_NOARTICLE = 1,
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_INPUT = 3,
    CLI_EXIT_OUTPUT = 4,
    CLI_EXIT_LIMIT = 5
};

/* Longest slug of a title used for a file name (bytes). */
#define CLI_SLUG_MAX 80
/* Size of the buffers that hold one reason line. */
#define CLI_REASON_MAX 512

/* Everything the command line says. Strings are borrowed from argv. */
typedef struct {
    folio_format format;
    const char *output;     /* -o FILE ("-" is stdout), or NULL */
    const char *output_dir; /* -O DIR, or NULL */
    int meta;               /* --meta: metadata as JSON */
    int check;              /* --check: exit status only */
    int quiet;              /* -q */
    int verbose;            /* -v */
    int jsonl;              /* --jsonl: inputs from stdin, JSON Lines out */
    int jobs;               /* -j N (>= 1) */
    folio_options doc;
    folio_input_options input;
    folio_epub_options epub;
    char *const *inputs; /* the INPUT operands, borrowed from argv */
    size_t ninputs;
    mode_t umask; /* the process umask, for the files made */
} cli_config;

typedef enum {
    CLI_ARGS_RUN,     /* convert */
    CLI_ARGS_HELP,    /* print cli_help_text() and exit 0 */
    CLI_ARGS_VERSION, /* print the version and exit 0 */
    CLI_ARGS_USAGE    /* err holds the reason: exit 2 */
} cli_args_result;

/* Parses argv into c (c is initialised here). On CLI_ARGS_USAGE a one-line
 * reason (no "folio: " prefix, no newline) is written to err. */
cli_args_result cli_args_parse(int argc, char **argv, cli_config *c, char *err, size_t errlen);

/* The text of folio --help. Static storage. */
const char *cli_help_text(void);

/* The exit code for a status of the library. */
int cli_exit_code(folio_status st);

/* ------------------------------------------------------------- output */

/* An output being written: standard output, or a temporary file in the
 * directory of its final path that is renamed into place on commit (a
 * device or FIFO, such as /dev/null, is written in place). */
typedef struct {
    FILE *fp;        /* stdout, or the temporary file */
    char *tmp;       /* owned: temporary path, or NULL for stdout */
    char *path;      /* owned: final path, or NULL for stdout */
    int direct;      /* path is a device or FIFO, written in place */
    int broken_pipe; /* set when a write to stdout failed with EPIPE */
} cli_out;

/* Opens path (NULL or "-": standard output). 0 on success, else -1 and a
 * reason in err; nothing is left behind. */
int cli_out_open(cli_out *o, const char *path, mode_t umask, char *err, size_t errlen);

/* Writes n bytes; flush_now pushes them out (for streaming). 0 or -1. */
int cli_out_write(cli_out *o, const void *p, size_t n, int flush_now, char *err, size_t errlen);

/* Finishes the output: flushes stdout, or closes the temporary file and
 * renames it to its path (replacing a file there). 0 or -1 (the temporary
 * file is then removed). */
int cli_out_commit(cli_out *o, char *err, size_t errlen);

/* Gives up: removes the temporary file. Safe after commit. */
void cli_out_abort(cli_out *o);

/* Where a new file goes: DIR/NAME.EXT (dir NULL: the current directory). */
typedef struct {
    const char *dir;
    const char *name;
    const char *ext;
    mode_t umask;
    /* Optional: told the temporary path once it exists, and NULL once it
     * is gone (so that a signal handler can remove it meanwhile). */
    void (*on_temp)(const char *tmp);
} cli_new_file;

/* Writes a new file, never replacing an existing one: NAME-2.EXT,
 * NAME-3.EXT... are tried in turn. The path made is written to made (size
 * madelen). 0 or -1 with a reason; no file is left behind on failure. */
int cli_write_new_file(const cli_new_file *f, const char *data, size_t len, char *made,
                       size_t madelen, char *err, size_t errlen);

/* Makes a rendered JSON value one line, in place: drops the white space
 * outside strings (a trailing newline too). */
void cli_json_one_line(char *s, size_t *len);

/* A JSON Lines record for an input that failed:
 * {"source":"NAME","error":"REASON"} plus a newline. The caller frees it;
 * NULL when out of memory. */
char *cli_json_error_line(const char *name, const char *reason, size_t *len);

/* The file extension (without the dot) of a format. */
const char *cli_format_ext(folio_format f, int meta);

/* -------------------------------------------------------------- batch */

/* What to make of each input. */
typedef enum {
    CLI_WORK_RENDER,    /* render in c->format (not epub) into out */
    CLI_WORK_META,      /* folio_doc_render_meta into out */
    CLI_WORK_CHECK,     /* only whether there is an article */
    CLI_WORK_EPUB_EACH, /* one EPUB per input into out */
    CLI_WORK_KEEP_DOC   /* keep the document (for one book of all inputs) */
} cli_work;

/* One input and what became of it. */
typedef struct {
    char *name;    /* owned: the input as given */
    size_t index;  /* 0-based position */
    int exit_code; /* CLI_EXIT_* of this input */
    int has_article;
    char reason[CLI_REASON_MAX]; /* why it failed ("" on success) */
    char *out;                   /* owned (free()): what was made, or NULL */
    size_t len;
    folio_doc *doc;              /* owned with CLI_WORK_KEEP_DOC; emit may take it */
    char *input_dir;             /* owned: directory of a local file, or NULL */
    char slug[CLI_SLUG_MAX + 1]; /* of the title, for file names */
    char *warnings;              /* owned: warning lines, each ending in '\n', or NULL */
    size_t wlen;
} cli_job;

/* The callbacks of a batch, all called from the calling thread. */
typedef struct {
    /* The next input name (malloc'd; the batch frees it): 1, 0 at the end,
     * or -1 when none is ready yet and block is 0 (inputs read from a pipe:
     * the batch then emits what is done instead of waiting for input). */
    int (*next)(void *ctx, int block, char **name);
    /* Optional: an input is about to be converted. */
    void (*start)(void *ctx, const cli_job *j, size_t n);
    /* A converted input, in input order. Non-zero stops the batch. */
    int (*emit)(void *ctx, cli_job *j);
    void *ctx;
    size_t total; /* number of inputs when known, else 0 */
} cli_batch_io;

/* Converts every input io->next gives, in c->jobs threads, and hands each
 * to io->emit in input order. Returns the first non-zero emit result, or
 * 0; -1 when out of memory. */
int cli_batch_run(const cli_config *c, cli_work work, const cli_batch_io *io);

/* Converts one input (what a worker does). */
void cli_convert(const cli_config *c, cli_work work, cli_job *j);

/* Frees what a job owns (not the job). */
void cli_job_clear(cli_job *j);

/* Collects a warning line into a cli_job (a folio_warn_fn; ctx is the job). */
void cli_job_warn(void *ctx, const char *line);

/* Lines of a file descriptor, read without stdio so that the batch can
 * tell whether a whole line is ready without blocking. */
typedef struct {
    int fd;
    char *buf; /* owned */
    size_t len, cap;
    int eof;
} cli_lines;

/* The next line (malloc'd, without its "\n" or "\r\n"): 1; 0 at the end;
 * -1 when block is 0 and no whole line is ready; -2 on a read error
 * (errno set). A last line without "\n" is still a line. */
int cli_lines_next(cli_lines *l, int block, char **line);

/* Frees the buffer of l. */
void cli_lines_free(cli_lines *l);

/* The directory of a local input path (malloc'd), or NULL for "-", URLs and
 * when out of memory. */
char *cli_input_dir(const char *name);

#endif
