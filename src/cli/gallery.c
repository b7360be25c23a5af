#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convanim/web.h"

static void gallery_usage(void)
{
    printf("usage: convanim gallery DIR [-o FILE] [--title TEXT] [--lang CODE]\n"
           "\n"
           "Writes one web page showing every GIF in DIR, each as 'convanim embed\n"
           "--player' shows it, with its caption and size: valid HTML5, its style and\n"
           "script inline, no external resources, readable on a phone.\n"
           "\n"
           "  -o, --output FILE      the page (default DIR/index.html); links are the\n"
           "                         GIFs' names when it is in DIR, else DIR/NAME\n"
           "      --title TEXT       the page's title and heading (default \"Convolution\n"
           "                         animations\")\n"
           "      --lang CODE        the page's language, a BCP 47 tag (default en)\n");
}

/* A BCP 47 language tag's shape: subtags of 1 to 8 letters or digits,
 * joined by '-', the first of 2 to 8 letters. */
static bool lang_tag(const char *s)
{
    size_t first = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (first < 2 || first > 8)
        return false;
    for (s += first; *s;) {
        if (*s++ != '-')
            return false;
        size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        if (n < 1 || n > 8)
            return false;
        s += n;
    }
    return true;
}

int cli_gallery(int argc, char **argv)
{
    enum { OPT_TITLE = 256, OPT_LANG };
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "title", required_argument, NULL, OPT_TITLE },
        { "lang", required_argument, NULL, OPT_LANG },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":o:h";
    const char *out = NULL;
    ca_web_page page = { 0 };
    bool seen[CLI_OPTION_MAX] = { false };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("gallery", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case 'o': out = optarg; break;
        case OPT_TITLE: page.title = optarg; break;
        case OPT_LANG: page.lang = optarg; break;
        case 'h': gallery_usage(); return cli_flush_stdout("the help");
        default: return cli_bad_option("gallery", shortopts, longopts, c, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("gallery", optind < argc ? "one folder at a time" : "which folder?");
    if (page.lang && !lang_tag(page.lang))
        return cli_usage_error("gallery", "language '%s' is not a tag like en or de-CH",
                               page.lang);
    const char *dir = argv[optind];
    char path[4096];
    if (!out) {
        size_t len = strlen(dir);
        int n = snprintf(path, sizeof path, "%s%sindex.html", dir,
                         len && dir[len - 1] == '/' ? "" : "/");
        if (n < 0 || (size_t)n >= sizeof path)
            return cli_usage_error("gallery", "the folder's path is too long");
        out = path;
    }
    cli_files files = { .outputs = { out }, .gifs = dir };
    if (cli_check_overwrite(&files) != CLI_OK)
        return CLI_BAD_INPUT;
    ca_error err = { 0 };
    char *skipped = NULL;
    ca_status s = ca_web_gallery(dir, out, &page, &skipped, &err);
    for (const char *p = skipped; p && *p;) {
        size_t len = strcspn(p, "\n");
        cli_warn("%.*s; left out of the page", (int)len, p);
        p += len + (p[len] == '\n');
    }
    free(skipped);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}
