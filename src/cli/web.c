#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "convanim/web.h"

static void embed_usage(void)
{
    printf("usage: convanim embed GIF [--href URL] [--poster-href URL]\n"
           "\n"
           "Prints the HTML that shows a convanim GIF on a web page: a <figure> whose\n"
           "<picture> offers the poster PNG to readers who prefer reduced motion, the GIF\n"
           "with its size, lazy loading and an alt text saying what it animates (read\n"
           "from the GIF itself), and a caption.\n"
           "\n"
           "      --href URL         the GIF's link (default: GIF as given)\n"
           "      --poster-href URL  the poster's link (default: the poster recorded when\n"
           "                         the GIF was made, or GIF's name with .png, beside it)\n");
}

int cli_embed(int argc, char **argv)
{
    enum { OPT_HREF = 256, OPT_POSTER_HREF };
    static const struct option longopts[] = {
        { "href", required_argument, NULL, OPT_HREF },
        { "poster-href", required_argument, NULL, OPT_POSTER_HREF },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":h";
    const char *href = NULL, *poster_href = NULL;
    bool seen[CLI_OPTION_MAX] = { false };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("embed", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case OPT_HREF: href = optarg; break;
        case OPT_POSTER_HREF: poster_href = optarg; break;
        case 'h': embed_usage(); return cli_flush_stdout("the help");
        default: return cli_bad_option("embed", shortopts, longopts, c, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("embed", optind < argc ? "one GIF at a time" : "which GIF?");
    const char *gif = argv[optind];
    ca_error err = { 0 };
    ca_meta m;
    ca_status s = ca_meta_read(gif, &m, &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    /* links default to the files' paths, from here */
    char found[4096], gif_link[4096], poster_link[4096];
    const char *poster = poster_href ? NULL : ca_web_poster_of(gif, &m, found, sizeof found);
    if (poster)
        poster_href = ca_web_path_href(poster, poster_link, sizeof poster_link);
    if (!href && !(href = ca_web_path_href(gif, gif_link, sizeof gif_link)))
        return cli_usage_error("embed", "the GIF's path is too long for a link");
    if (!poster_href)
        cli_warn("%s has no poster beside it: readers who prefer reduced motion get the GIF "
                 "(make one with --poster)", gif);
    struct stat st;
    char *html;
    s = ca_web_figure(&m, href, poster_href,
                      stat(gif, &st) == 0 ? (long long)st.st_size : 0, &html, &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    int rc = fputs(html, stdout) == EOF || fflush(stdout) != 0 ? CLI_FAILED : CLI_OK;
    if (rc != CLI_OK)
        fprintf(stderr, "convanim: writing the HTML: %s\n", strerror(errno));
    free(html);
    return rc;
}

static void gallery_usage(void)
{
    printf("usage: convanim gallery DIR [-o FILE]\n"
           "\n"
           "Writes one static web page showing every GIF in DIR, each as 'convanim embed'\n"
           "shows it, with its caption and size: valid HTML5, no external resources, no\n"
           "JavaScript, readable on a phone.\n"
           "\n"
           "  -o, --output FILE      the page (default DIR/index.html); links are the\n"
           "                         GIFs' names when it is in DIR, else DIR/NAME\n");
}

int cli_gallery(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":o:h";
    const char *out = NULL;
    bool seen[CLI_OPTION_MAX] = { false };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("gallery", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': gallery_usage(); return cli_flush_stdout("the help");
        default: return cli_bad_option("gallery", shortopts, longopts, c, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("gallery", optind < argc ? "one folder at a time" : "which folder?");
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
    ca_status s = ca_web_gallery(dir, out, &skipped, &err);
    for (const char *p = skipped; p && *p;) {
        size_t len = strcspn(p, "\n");
        cli_warn("%.*s; left out of the page", (int)len, p);
        p += len + (p[len] == '\n');
    }
    free(skipped);
    return s == CA_OK ? CLI_OK : cli_report(s, &err);
}
