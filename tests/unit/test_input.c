/* test_input.c — reading files and stdin, the size cap, and the URL
 * schemes that are refused. Downloads are tested by tests/net/run.py
 * against a local server. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folio.h"
#include "harness.h"

static char dir[] = "/tmp/folio-test-input-XXXXXX";

static void write_file(const char *name, const char *data, size_t len)
{
    FILE *f = fopen(name, "wb");
    if (!f) {
        CHECK(!"cannot write a test file");
        return;
    }
    fwrite(data, 1, len, f);
    fclose(f);
}

static void test_defaults(void)
{
    folio_input_options o;
    folio_input_options_init(&o);
    CHECK(o.max_size == (size_t)64 << 20);
    CHECK(o.timeout_ms == 30000);
    CHECK(o.connect_timeout_ms == 10000);
    CHECK(o.max_redirects == 10);
    CHECK(o.user_agent == NULL);
}

static void test_is_url(void)
{
    CHECK(folio_is_url("http://example.com/"));
    CHECK(folio_is_url("HTTPS://example.com/a"));
    CHECK(!folio_is_url("file:///etc/passwd"));
    CHECK(!folio_is_url("ftp://example.com/"));
    CHECK(!folio_is_url("page.html"));
    CHECK(!folio_is_url("-"));
    CHECK(!folio_is_url("httpx://a/"));
    CHECK(!folio_is_url(NULL));
}

static void test_file(const folio_input_options *o)
{
    static const char page[] = "<html><p>caf\xc3\xa9</p></html>";
    write_file("page.html", page, sizeof page - 1);
    folio_input *in = NULL;
    char err[256] = "";
    CHECK(folio_input_read("page.html", o, &in, err, sizeof err) == FOLIO_OK);
    CHECK(in && in->len == sizeof page - 1 && memcmp(in->bytes, page, in->len) == 0);
    CHECK(in && in->url == NULL && in->content_type == NULL);
    folio_input_free(in);

    /* Empty: OK, zero bytes, and bytes is not NULL. */
    write_file("empty.html", "", 0);
    in = NULL;
    CHECK(folio_input_read("empty.html", o, &in, err, sizeof err) == FOLIO_OK);
    CHECK(in && in->len == 0 && in->bytes != NULL);
    folio_input_free(in);

    /* A name that looks like a URL but is an existing file is the file. */
    write_file("notes:2024.html", page, sizeof page - 1);
    in = NULL;
    CHECK(folio_input_read("notes:2024.html", o, &in, err, sizeof err) == FOLIO_OK);
    CHECK(in && in->len == sizeof page - 1);
    folio_input_free(in);
}

static void test_file_errors(const folio_input_options *o)
{
    folio_input *in = NULL;
    char err[256] = "";
    CHECK(folio_input_read("no-such-file.html", o, &in, err, sizeof err) == FOLIO_EINPUT);
    CHECK_STR(err, "No such file or directory");
    CHECK(in == NULL);
    mkdir("subdir", 0700);
    CHECK(folio_input_read("subdir", o, &in, err, sizeof err) == FOLIO_EINPUT);
    CHECK_STR(err, "Is a directory");
    if (geteuid() != 0) { /* root reads anything */
        write_file("secret.html", "<p>x</p>", 8);
        chmod("secret.html", 0);
        CHECK(folio_input_read("secret.html", o, &in, err, sizeof err) == FOLIO_EINPUT);
        CHECK_STR(err, "Permission denied");
    }
    /* Without an error buffer nothing is written, and nothing crashes. */
    CHECK(folio_input_read("no-such-file.html", o, &in, NULL, 0) == FOLIO_EINPUT);
    CHECK(folio_input_read(NULL, o, &in, err, sizeof err) == FOLIO_EINVAL);
    CHECK(folio_input_read("", o, &in, err, sizeof err) == FOLIO_EINVAL);
}

static void test_size_cap(void)
{
    folio_input_options o;
    folio_input_options_init(&o);
    o.max_size = 10;
    write_file("ten.html", "0123456789", 10);
    write_file("eleven.html", "0123456789A", 11);
    folio_input *in = NULL;
    char err[256] = "";
    CHECK(folio_input_read("ten.html", &o, &in, err, sizeof err) == FOLIO_OK);
    CHECK(in && in->len == 10);
    folio_input_free(in);
    in = NULL;
    CHECK(folio_input_read("eleven.html", &o, &in, err, sizeof err) == FOLIO_ELIMIT);
    CHECK_STR(err, "larger than 10 bytes");
    CHECK(in == NULL);
}

/* Puts a pipe holding data on stdin (so its size is unknown in advance). */
static void stdin_from_pipe(const char *data, size_t len)
{
    int p[2];
    if (pipe(p) != 0) {
        CHECK(!"pipe");
        return;
    }
    CHECK(write(p[1], data, len) == (ssize_t)len);
    close(p[1]);
    dup2(p[0], STDIN_FILENO);
    close(p[0]);
}

static void test_stdin(void)
{
    folio_input_options o;
    folio_input_options_init(&o);
    folio_input *in = NULL;
    char err[256] = "";
    stdin_from_pipe("<p>from stdin</p>", 17);
    CHECK(folio_input_read("-", &o, &in, err, sizeof err) == FOLIO_OK);
    CHECK(in && in->len == 17 && memcmp(in->bytes, "<p>from stdin</p>", 17) == 0);
    CHECK(in && in->url == NULL);
    folio_input_free(in);
    in = NULL;
    o.max_size = 16;
    stdin_from_pipe("<p>from stdin</p>", 17);
    CHECK(folio_input_read("-", &o, &in, err, sizeof err) == FOLIO_ELIMIT);
    CHECK_STR(err, "larger than 16 bytes");
}

static void test_schemes(const folio_input_options *o)
{
    static const char *const refused[][2] = {
        {"file:///etc/passwd", "file"},
        {"FILE:///etc/passwd", "file"},
        {"ftp://127.0.0.1/x", "ftp"},
        {"javascript:alert(1)", "javascript"},
        {"data:text/html,<p>hi</p>", "data"},
        {"gopher://127.0.0.1/", "gopher"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        folio_input *in = NULL;
        char err[256] = "", want[128];
        CHECK(folio_input_read(refused[i][0], o, &in, err, sizeof err) == FOLIO_EINPUT);
        snprintf(want, sizeof want, "unsupported URL scheme '%s'", refused[i][1]);
        CHECK(strncmp(err, want, strlen(want)) == 0);
        CHECK(!strchr(err, '\n'));
        CHECK(in == NULL);
    }
}

static void test_unreachable(void)
{
    folio_input_options o;
    folio_input_options_init(&o);
    o.connect_timeout_ms = 2000;
    o.timeout_ms = 3000;
    folio_input *in = NULL;
    char err[256] = "";
    /* Port 1 on the loopback: nothing listens, the connection is refused. */
    CHECK(folio_input_read("http://127.0.0.1:1/", &o, &in, err, sizeof err) == FOLIO_EINPUT);
    CHECK(err[0] != '\0' && !strchr(err, '\n'));
    CHECK(in == NULL);
}

int main(void)
{
    if (!mkdtemp(dir) || chdir(dir) != 0) {
        perror("test_input: temporary directory");
        return 1;
    }
    folio_input_options o;
    folio_input_options_init(&o);
    test_defaults();
    test_is_url();
    test_file(&o);
    test_file_errors(&o);
    test_size_cap();
    test_stdin();
    test_schemes(&o);
    test_unreachable();
    int rc = harness_done();
    static const char *const files[] = {"page.html", "empty.html", "notes:2024.html",
                                        "ten.html", "eleven.html", "secret.html"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        unlink(files[i]);
    rmdir("subdir");
    if (chdir("/") == 0)
        rmdir(dir);
    return rc;
}
