/* cli_args.c — the command line of folio: options into a cli_config.
 *
 * The first step of the program: main.c calls cli_args_parse, then checks
 * nothing more about the arguments. Every usage error is found here and
 * returned as one line; nothing is printed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help_text[] =
    "Usage: folio [OPTIONS] INPUT...\n"
    "Turn a web page into a clean reading file: Markdown, text, JSON, a\n"
    "reader-view HTML page or an EPUB. INPUT is a file, - for standard input,\n"
    "or an http:// or https:// URL; without INPUT, standard input is read\n"
    "when it is not a terminal.\n"
    "\n"
    "Output:\n"
    "  -f, --format FMT     md, text, json, html or epub (default: from the\n"
    "                       extension of -o: .md .markdown .txt .json .jsonl\n"
    "                       .html .htm .epub; else md)\n"
    "  -o, --output FILE    write to FILE (- is standard output, the default;\n"
    "                       an EPUB goes to TITLE-SLUG.epub in the current\n"
    "                       directory, never replacing a file)\n"
    "  -O, --output-dir DIR one file per input in DIR, named from the title;\n"
    "                       existing files are never replaced (-2, -3...)\n"
    "      --meta           the metadata only, as JSON (even without an article)\n"
    "      --check          print nothing; exit 0 when the page holds an\n"
    "                       article, 1 when not\n"
    "\n"
    "Content:\n"
    "      --base-url URL   resolve relative links against URL\n"
    "      --title TEXT     override the title (the book title for an EPUB)\n"
    "      --author NAMES   override the authors (comma-separated)\n"
    "      --lang TAG       override the language (BCP 47)\n"
    "      --no-front-matter  Markdown without YAML front matter\n"
    "      --no-images      drop images\n"
    "      --wrap N         wrap Markdown and text at column N (20 or more;\n"
    "                       0, the default: never)\n"
    "      --link-style S   Markdown links: inline or reference\n"
    "\n"
    "EPUB:\n"
    "      --cover FILE     cover image (default: the lead image)\n"
    "      --toc-depth N    headings in the table of contents (0-6, default 2)\n"
    "      --offline        fetch nothing over the network (remote images\n"
    "                       become their alt text); URL inputs are refused\n"
    "\n"
    "Input:\n"
    "      --timeout SECONDS  time allowed for a download (default 30)\n"
    "      --max-size BYTES   largest input (suffix k, M or G; default 64M)\n"
    "      --user-agent UA    User-Agent for downloads\n"
    "\n"
    "Batch:\n"
    "  -j, --jobs N         convert N inputs at once (output keeps input order)\n"
    "      --jsonl          read inputs from standard input, one a line, and\n"
    "                       write one JSON object a line in the same order;\n"
    "                       a failed input gives {\"source\":...,\"error\":...};\n"
    "                       blank lines are skipped\n"
    "\n"
    "  -q, --quiet          no warnings, no progress\n"
    "  -v, --verbose        say what is done on standard error\n"
    "  -h, --help           this help\n"
    "      --version        the version\n"
    "\n"
    "Several inputs: JSON becomes JSON Lines, an EPUB becomes one book with\n"
    "a chapter per input; md, text and html need -O.\n"
    "\n"
    "Exit status:\n"
    "  0  done\n"
    "  1  no article found\n"
    "  2  usage error\n"
    "  3  input error (unreadable file, network or HTTP error, not HTML)\n"
    "  4  output error (cannot create or write the output)\n"
    "  5  limit exceeded (size, depth, nodes...) or internal error\n"
    "With several inputs, the code of the first that failed.\n"
    "\n"
    "Environment:\n"
    "  SOURCE_DATE_EPOCH    the time recorded in an EPUB (same inputs, same book)\n";

const char *cli_help_text(void)
{
    return help_text;
}

int cli_exit_code(folio_status st)
{
    switch (st) {
    case FOLIO_OK:
        return CLI_EXIT_OK;
    case FOLIO_ENOARTICLE:
        return CLI_EXIT_NOARTICLE;
    case FOLIO_EINVAL:
    case FOLIO_EINPUT:
        return CLI_EXIT_INPUT;
    case FOLIO_EIO:
        return CLI_EXIT_OUTPUT;
    case FOLIO_ENOMEM:
    case FOLIO_ELIMIT:
        return CLI_EXIT_LIMIT;
    }
    return CLI_EXIT_LIMIT;
}

/* Options without a short form. */
enum {
    OPT_BASE_URL = 256,
    OPT_TITLE,
    OPT_AUTHOR,
    OPT_LANG,
    OPT_NO_FRONT_MATTER,
    OPT_NO_IMAGES,
    OPT_META,
    OPT_CHECK,
    OPT_TIMEOUT,
    OPT_MAX_SIZE,
    OPT_USER_AGENT,
    OPT_OFFLINE,
    OPT_COVER,
    OPT_TOC_DEPTH,
    OPT_WRAP,
    OPT_LINK_STYLE,
    OPT_JSONL,
    OPT_VERSION
};

static const struct option long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"output-dir", required_argument, NULL, 'O'},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"title", required_argument, NULL, OPT_TITLE},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"lang", required_argument, NULL, OPT_LANG},
    {"no-front-matter", no_argument, NULL, OPT_NO_FRONT_MATTER},
    {"no-images", no_argument, NULL, OPT_NO_IMAGES},
    {"meta", no_argument, NULL, OPT_META},
    {"check", no_argument, NULL, OPT_CHECK},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"user-agent", required_argument, NULL, OPT_USER_AGENT},
    {"offline", no_argument, NULL, OPT_OFFLINE},
    {"cover", required_argument, NULL, OPT_COVER},
    {"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
    {"wrap", required_argument, NULL, OPT_WRAP},
    {"link-style", required_argument, NULL, OPT_LINK_STYLE},
    {"jobs", required_argument, NULL, 'j'},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const struct {
    const char *name;
    folio_format format;
} format_names[] = {
    {"md", FOLIO_FORMAT_MARKDOWN}, {"markdown", FOLIO_FORMAT_MARKDOWN}, {"text", FOLIO_FORMAT_TEXT},
    {"txt", FOLIO_FORMAT_TEXT},    {"json", FOLIO_FORMAT_JSON},         {"html", FOLIO_FORMAT_HTML},
    {"epub", FOLIO_FORMAT_EPUB},
};

/* Extensions of -o that choose the format. */
static const struct {
    const char *ext;
    folio_format format;
} format_exts[] = {
    {".md", FOLIO_FORMAT_MARKDOWN}, {".markdown", FOLIO_FORMAT_MARKDOWN},
    {".txt", FOLIO_FORMAT_TEXT},    {".json", FOLIO_FORMAT_JSON},
    {".jsonl", FOLIO_FORMAT_JSON},  {".html", FOLIO_FORMAT_HTML},
    {".htm", FOLIO_FORMAT_HTML},    {".epub", FOLIO_FORMAT_EPUB},
};

static int parse_format(const char *s, folio_format *f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++) {
        if (strcmp(s, format_names[i].name) == 0) {
            *f = format_names[i].format;
            return 0;
        }
    }
    return -1;
}

static folio_format format_from_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!dot || (slash && dot < slash))
        return FOLIO_FORMAT_MARKDOWN;
    for (size_t i = 0; i < sizeof format_exts / sizeof *format_exts; i++) {
        const char *a = dot, *b = format_exts[i].ext;
        while (*a && *b && (*a | 0x20) == *b) /* ASCII case-insensitive */
            a++, b++;
        if (!*a && !*b)
            return format_exts[i].format;
    }
    return FOLIO_FORMAT_MARKDOWN;
}

/* A whole non-negative decimal number in [lo, hi]. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Bytes with an optional k, M or G suffix (powers of 1024). */
static int parse_size(const char *s, size_t *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else if (*end == 'm' || *end == 'M')
        shift = 20;
    else if (*end == 'g' || *end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (errno || *end || v == 0 || v > ((unsigned long long)SIZE_MAX >> shift))
        return -1;
    *out = (size_t)(v << shift);
    return 0;
}

/* Seconds, possibly with a fraction, > 0 and at most a day. */
static int parse_seconds(const char *s, long *ms)
{
    if ((*s < '0' || *s > '9') && *s != '.')
        return -1;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || !(v > 0) || v > 86400)
        return -1;
    *ms = (long)(v * 1000 + 0.5);
    if (*ms < 1)
        *ms = 1;
    return 0;
}

static void config_init(cli_config *c)
{
    memset(c, 0, sizeof *c);
    c->format = FOLIO_FORMAT_MARKDOWN;
    c->jobs = 1;
    folio_options_init(&c->doc);
    folio_input_options_init(&c->input);
    folio_epub_options_init(&c->epub);
}

static int bad_value(const char *opt, const char *value, const char *want, char *err, size_t errlen)
{
    snprintf(err, errlen, "invalid value '%s' for %s (%s)", value, opt, want);
    return -1;
}

/* Options about what to make. -1 when the value is bad. */
static int set_output_option(cli_config *c, int opt, const char *v, int *format_set, char *err,
                             size_t errlen)
{
    long n;
    switch (opt) {
    case 'f':
        if (parse_format(v, &c->format) != 0)
            return bad_value("--format", v, "md, text, json, html or epub", err, errlen);
        *format_set = 1;
        return 0;
    case 'o':
        c->output = v;
        return 0;
    case 'O':
        c->output_dir = v;
        return 0;
    case 'j':
        if (parse_long(v, 1, 256, &n) != 0)
            return bad_value("--jobs", v, "a number from 1 to 256", err, errlen);
        c->jobs = (int)n;
        return 0;
    case OPT_TOC_DEPTH:
        if (parse_long(v, 0, 6, &n) != 0)
            return bad_value("--toc-depth", v, "a number from 0 to 6", err, errlen);
        c->epub.toc_depth = (int)n;
        return 0;
    case OPT_WRAP:
        if (parse_long(v, 0, 100000, &n) != 0 || (n > 0 && n < 20))
            return bad_value("--wrap", v, "0, or a column from 20", err, errlen);
        c->doc.wrap = (int)n;
        return 0;
    case OPT_LINK_STYLE:
        if (strcmp(v, "inline") == 0)
            c->doc.link_style = FOLIO_LINKS_INLINE;
        else if (strcmp(v, "reference") == 0)
            c->doc.link_style = FOLIO_LINKS_REFERENCE;
        else
            return bad_value("--link-style", v, "inline or reference", err, errlen);
        return 0;
    }
    return 1; /* not one of these */
}

/* Options about the content and the input. */
static int set_content_option(cli_config *c, int opt, const char *v, char *err, size_t errlen)
{
    switch (opt) {
    case OPT_BASE_URL:
        if (!folio_is_url(v))
            return bad_value("--base-url", v, "an http or https URL", err, errlen);
        c->doc.base_url = v;
        return 0;
    case OPT_TITLE:
        c->doc.title = c->epub.title = v;
        return 0;
    case OPT_AUTHOR:
        c->doc.author = c->epub.author = v;
        return 0;
    case OPT_LANG:
        c->doc.lang = c->epub.lang = v;
        return 0;
    case OPT_COVER:
        c->epub.cover = v;
        return 0;
    case OPT_USER_AGENT:
        c->input.user_agent = c->epub.user_agent = v;
        return 0;
    case OPT_TIMEOUT:
        if (parse_seconds(v, &c->input.timeout_ms) != 0)
            return bad_value("--timeout", v, "seconds, more than 0", err, errlen);
        if (c->input.connect_timeout_ms > c->input.timeout_ms)
            c->input.connect_timeout_ms = c->input.timeout_ms;
        if (c->epub.image_timeout_ms > c->input.timeout_ms)
            c->epub.image_timeout_ms = c->input.timeout_ms;
        return 0;
    case OPT_MAX_SIZE:
        if (parse_size(v, &c->input.max_size) != 0)
            return bad_value("--max-size", v, "bytes, with an optional k, M or G", err, errlen);
        c->doc.max_size = c->input.max_size;
        return 0;
    }
    return 1;
}

static void set_flag(cli_config *c, int opt)
{
    switch (opt) {
    case OPT_NO_FRONT_MATTER:
        c->doc.front_matter = 0;
        break;
    case OPT_NO_IMAGES:
        c->doc.images = c->epub.images = 0;
        break;
    case OPT_META:
        c->meta = 1;
        break;
    case OPT_CHECK:
        c->check = 1;
        break;
    case OPT_OFFLINE:
        c->epub.offline = 1;
        break;
    case OPT_JSONL:
        c->jsonl = 1;
        break;
    case 'q':
        c->quiet = 1;
        break;
    case 'v':
        c->verbose = 1;
        break;
    }
}

static void unknown_option(char **argv, char *err, size_t errlen)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (optopt && optopt != '?' && !(arg[0] == '-' && arg[1] == '-'))
        snprintf(err, errlen, "unknown option '-%c' (see folio --help)", optopt);
    else
        snprintf(err, errlen, "unknown option '%s' (see folio --help)", arg);
}

static void missing_value(char **argv, char *err, size_t errlen)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "?";
    if (optopt && !(arg[0] == '-' && arg[1] == '-'))
        snprintf(err, errlen, "option '-%c' needs a value (see folio --help)", optopt);
    else
        snprintf(err, errlen, "option '%s' needs a value (see folio --help)", arg);
}

/* Checks that the options go together; -1 with a reason when not. */
static int check_config(cli_config *c, int format_set, char *err, size_t errlen)
{
    if (!format_set && c->output && strcmp(c->output, "-") != 0)
        c->format = format_from_path(c->output);
    if (c->meta && c->check)
        return snprintf(err, errlen, "--meta and --check don't go together"), -1;
    if (c->output && c->output_dir)
        return snprintf(err, errlen, "-o and -O don't go together"), -1;
    if (c->jsonl) {
        if (c->ninputs)
            return snprintf(err, errlen,
                            "--jsonl reads its inputs from standard input; "
                            "give no INPUT"),
                   -1;
        if (c->output_dir || c->check)
            return snprintf(err, errlen, "--jsonl writes JSON Lines; not with -O or --check"), -1;
        if (format_set && c->format != FOLIO_FORMAT_JSON)
            return snprintf(err, errlen, "--jsonl writes JSON; not with -f"), -1;
        c->format = FOLIO_FORMAT_JSON;
        return 0;
    }
    if (c->ninputs == 0 && isatty(STDIN_FILENO))
        return snprintf(err, errlen, "no INPUT given (see folio --help)"), -1;
    if (c->ninputs == 0) { /* curl ... | folio */
        static char *const stdin_only[] = {"-"};
        c->inputs = stdin_only;
        c->ninputs = 1;
    }
    size_t stdin_inputs = 0;
    for (size_t i = 0; i < c->ninputs; i++) {
        stdin_inputs += strcmp(c->inputs[i], "-") == 0;
        if (c->epub.offline && folio_is_url(c->inputs[i]))
            return snprintf(err, errlen, "%s: --offline given with a URL input", c->inputs[i]), -1;
    }
    if (stdin_inputs > 1)
        return snprintf(err, errlen, "standard input (-) given more than once"), -1;
    int several_ok = c->meta || c->check || c->output_dir || c->format == FOLIO_FORMAT_JSON ||
                     c->format == FOLIO_FORMAT_EPUB;
    if (c->ninputs > 1 && !several_ok)
        return snprintf(err, errlen, "several inputs in %s need -O DIR (one file each)",
                        cli_format_ext(c->format, 0)),
               -1;
    return 0;
}

cli_args_result cli_args_parse(int argc, char **argv, cli_config *c, char *err, size_t errlen)
{
    config_init(c);
    int format_set = 0;
    opterr = 0; /* main prints our one-line message instead */
    optind = 1;
    for (;;) {
        int opt = getopt_long(argc, argv, ":f:o:O:j:qvh", long_options, NULL);
        if (opt == -1)
            break;
        if (opt == '?')
            return unknown_option(argv, err, errlen), CLI_ARGS_USAGE;
        if (opt == ':')
            return missing_value(argv, err, errlen), CLI_ARGS_USAGE;
        if (opt == 'h')
            return CLI_ARGS_HELP;
        if (opt == OPT_VERSION)
            return CLI_ARGS_VERSION;
        int r = set_output_option(c, opt, optarg, &format_set, err, errlen);
        if (r > 0)
            r = set_content_option(c, opt, optarg, err, errlen);
        if (r < 0)
            return CLI_ARGS_USAGE;
        if (r > 0)
            set_flag(c, opt);
    }
    c->inputs = argv + optind;
    c->ninputs = (size_t)(argc - optind);
    if (check_config(c, format_set, err, errlen) != 0)
        return CLI_ARGS_USAGE;
    return CLI_ARGS_RUN;
}
