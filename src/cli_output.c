/* cli_output.c — where folio's results go: standard output or files.
 *
 * The last step of the program. Files are written to a temporary file in
 * the same directory (mkstemp) and renamed or linked into place, so a
 * failure (disk full, a file-size limit) leaves neither a half-written file
 * nor the temporary one. Nothing here prints: failures come back as -1 and
 * a reason line for main.c.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "utf8.h"

/* Tries of NAME-2 ... NAME-N before giving up on a free file name. */
#define NEW_FILE_TRIES 10000

const char *cli_format_ext(folio_format f, int meta)
{
    if (meta)
        return "json";
    switch (f) {
    case FOLIO_FORMAT_MARKDOWN:
        return "md";
    case FOLIO_FORMAT_TEXT:
        return "txt";
    case FOLIO_FORMAT_JSON:
        return "json";
    case FOLIO_FORMAT_HTML:
        return "html";
    case FOLIO_FORMAT_EPUB:
        return "epub";
    }
    return "md";
}

static void set_reason(char *err, size_t errlen, const char *what, const char *path, int e)
{
    if (errlen)
        snprintf(err, errlen, "%s %s: %s", what, path, strerror(e));
}

/* "DIR/.BASE.XXXXXX" for a final path (malloc'd), or NULL. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t baselen = strlen(base);
    if (baselen > 200)
        baselen = 200; /* stay under NAME_MAX */
    char *t = malloc(dirlen + baselen + 16);
    if (!t)
        return NULL;
    memcpy(t, path, dirlen);
    t[dirlen] = '.';
    memcpy(t + dirlen + 1, base, baselen);
    memcpy(t + dirlen + 1 + baselen, ".XXXXXX", 8);
    return t;
}

/* Creates the temporary file for path, with the given mode. */
static FILE *open_temp(const char *path, mode_t mode, char **tmp, char *err, size_t errlen)
{
    *tmp = temp_template(path);
    if (!*tmp) {
        set_reason(err, errlen, "cannot create", path, ENOMEM);
        return NULL;
    }
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        set_reason(err, errlen, "cannot create", path, errno);
        free(*tmp);
        *tmp = NULL;
        return NULL;
    }
    FILE *fp = fchmod(fd, mode) == 0 ? fdopen(fd, "wb") : NULL;
    if (!fp) {
        set_reason(err, errlen, "cannot create", path, errno);
        close(fd);
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
    }
    return fp;
}

/* A device, a FIFO or a socket (/dev/null, a named pipe): written as it
 * is, since renaming a file over it would replace it. */
static int open_direct(cli_out *o, const char *path, char *err, size_t errlen)
{
    o->path = strdup(path);
    o->fp = o->path ? fopen(path, "wb") : NULL;
    if (!o->fp) {
        set_reason(err, errlen, "cannot open", path, o->path ? errno : ENOMEM);
        free(o->path);
        o->path = NULL;
        return -1;
    }
    o->direct = 1;
    return 0;
}

int cli_out_open(cli_out *o, const char *path, mode_t umask, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    struct stat st;
    int exists = stat(path, &st) == 0; /* through symbolic links */
    if (exists && !S_ISREG(st.st_mode))
        return open_direct(o, path, err, errlen);
    /* A link is followed: its target is replaced, the link stays. An
     * existing file keeps its permissions. */
    o->path = exists ? realpath(path, NULL) : NULL;
    if (!o->path)
        o->path = strdup(path);
    if (!o->path) {
        set_reason(err, errlen, "cannot create", path, ENOMEM);
        return -1;
    }
    mode_t mode = exists ? st.st_mode & 07777 : 0666 & ~umask;
    o->fp = open_temp(o->path, mode, &o->tmp, err, errlen);
    if (!o->fp) {
        free(o->path);
        o->path = NULL;
        return -1;
    }
    return 0;
}

static void write_failed(cli_out *o, int e, char *err, size_t errlen)
{
    if (!o->path) {
        o->broken_pipe = e == EPIPE;
        set_reason(err, errlen, "cannot write", "standard output", e);
    } else {
        set_reason(err, errlen, "cannot write", o->path, e);
    }
}

int cli_out_write(cli_out *o, const void *p, size_t n, int flush_now, char *err, size_t errlen)
{
    errno = 0;
    if ((n && fwrite(p, 1, n, o->fp) != n) || (flush_now && fflush(o->fp) != 0)) {
        write_failed(o, errno ? errno : EIO, err, errlen);
        return -1;
    }
    return 0;
}

int cli_out_commit(cli_out *o, char *err, size_t errlen)
{
    if (!o->fp)
        return 0;
    if (!o->path) {
        errno = 0;
        if (fflush(o->fp) != 0 || ferror(o->fp)) {
            write_failed(o, errno ? errno : EIO, err, errlen);
            return -1;
        }
        o->fp = NULL;
        return 0;
    }
    errno = 0;
    int bad = fflush(o->fp) != 0 || ferror(o->fp);
    int e = errno;
    if (fclose(o->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->fp = NULL;
    if (!bad && o->tmp && rename(o->tmp, o->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        set_reason(err, errlen, "cannot write", o->path, e ? e : EIO);
        cli_out_abort(o);
        return -1;
    }
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return 0;
}

void cli_out_abort(cli_out *o)
{
    if (o->path && o->fp)
        fclose(o->fp);
    if (o->tmp)
        unlink(o->tmp);
    o->fp = NULL;
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
}

/* DIR/NAME[-K].EXT into buf. */
static int candidate(char *out, size_t size, const char *dir, const char *name, unsigned k,
                     const char *ext)
{
    const char *sep = dir && *dir && dir[strlen(dir) - 1] != '/' ? "/" : "";
    int r = k < 2 ? snprintf(out, size, "%s%s%s.%s", dir ? dir : "", sep, name, ext)
                  : snprintf(out, size, "%s%s%s-%u.%s", dir ? dir : "", sep, name, k, ext);
    return r < 0 || (size_t)r >= size ? -1 : 0;
}

/* Moves the finished temporary file to the first free name: link() fails
 * on an existing name, so nothing is ever replaced, even by a racing
 * process. Where hard links are not supported, an O_EXCL placeholder is
 * made and replaced by rename(). */
static int place_new(const char *tmp, const cli_new_file *f, char *made, size_t madelen, char *err,
                     size_t errlen)
{
    const char *dir = f->dir, *name = f->name, *ext = f->ext;
    for (unsigned k = 1; k <= NEW_FILE_TRIES; k++) {
        if (candidate(made, madelen, dir, name, k, ext) != 0) {
            set_reason(err, errlen, "cannot create", name, ENAMETOOLONG);
            return -1;
        }
        if (link(tmp, made) == 0)
            return unlink(tmp), 0;
        if (errno == EEXIST)
            continue;
        if (errno != EPERM && errno != ENOTSUP && errno != EXDEV && errno != EMLINK) {
            set_reason(err, errlen, "cannot create", made, errno);
            return -1;
        }
        int fd = open(made, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0 || close(fd) != 0 || rename(tmp, made) != 0) {
            set_reason(err, errlen, "cannot create", made, errno);
            if (fd >= 0)
                unlink(made);
            return -1;
        }
        return 0;
    }
    set_reason(err, errlen, "cannot create", name, EEXIST);
    return -1;
}

/* Writes data to a new temporary file for made; 0 or -1 (nothing left). */
static int write_temp(const cli_new_file *f, const char *made, const char *data, size_t len,
                      char **tmp, char *err, size_t errlen)
{
    FILE *fp = open_temp(made, 0666 & ~f->umask, tmp, err, errlen);
    if (!fp)
        return -1;
    if (f->on_temp)
        f->on_temp(*tmp);
    errno = 0;
    int bad = (len && fwrite(data, 1, len, fp) != len) || fflush(fp) != 0;
    int e = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad)
        return 0;
    set_reason(err, errlen, "cannot write", made, e ? e : EIO);
    unlink(*tmp);
    free(*tmp);
    *tmp = NULL;
    if (f->on_temp)
        f->on_temp(NULL);
    return -1;
}

int cli_write_new_file(const cli_new_file *f, const char *data, size_t len, char *made,
                       size_t madelen, char *err, size_t errlen)
{
    if (candidate(made, madelen, f->dir, f->name, 1, f->ext) != 0) {
        set_reason(err, errlen, "cannot create", f->name, ENAMETOOLONG);
        return -1;
    }
    char *tmp;
    if (write_temp(f, made, data, len, &tmp, err, errlen) != 0)
        return -1;
    int r = place_new(tmp, f, made, madelen, err, errlen);
    if (r != 0)
        unlink(tmp);
    free(tmp);
    if (f->on_temp)
        f->on_temp(NULL);
    return r;
}

/* Appends s as a JSON string (quoted, escaped) to p; returns the end. */
static char *json_string(char *p, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const char *end = s + strlen(s);
    *p++ = '"';
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            *p++ = '\\';
            *p++ = (char)ch;
        } else if (ch < 0x20 || ch == 0x7f) {
            memcpy(p, "\\u00", 4);
            p[4] = hex[ch >> 4];
            p[5] = hex[ch & 15];
            p += 6;
        } else if (ch < 0x80) {
            *p++ = (char)ch;
        } else { /* valid UTF-8 passes through; a bad byte becomes U+FFFD */
            size_t used;
            unsigned long cp = utf8_decode(s, (size_t)(end - s), &used);
            if (cp == 0xFFFD && used == 1) {
                memcpy(p, "\\ufffd", 6);
                p += 6;
            } else {
                memcpy(p, s, used);
                p += used;
                s += used - 1;
            }
        }
    }
    *p++ = '"';
    return p;
}

char *cli_json_error_line(const char *name, const char *reason, size_t *len)
{
    size_t cap = 6 * (strlen(name) + strlen(reason)) + 64;
    char *line = malloc(cap);
    if (!line)
        return NULL;
    char *p = line;
    memcpy(p, "{\"source\":", 10);
    p = json_string(p + 10, name);
    memcpy(p, ",\"error\":", 9);
    p = json_string(p + 9, reason);
    memcpy(p, "}\n", 3);
    *len = (size_t)(p + 2 - line);
    return line;
}

void cli_json_one_line(char *s, size_t *len)
{
    size_t w = 0;
    int in_string = 0, escaped = 0;
    for (size_t r = 0; r < *len; r++) {
        char ch = s[r];
        if (in_string) {
            in_string = escaped || ch != '"';
            escaped = !escaped && ch == '\\';
        } else if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
            continue;
        } else {
            in_string = ch == '"';
        }
        s[w++] = ch;
    }
    s[w] = '\0';
    *len = w;
}
