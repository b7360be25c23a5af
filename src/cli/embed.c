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
    printf("usage: convanim embed GIF [--href URL] [--poster-href URL] [--player] [--inline]\n"
           "\n"
           "Prints the HTML that shows a GIF on a web page: a <figure> whose <picture>\n"
           "offers the poster PNG to readers who prefer reduced motion, the GIF with its\n"
           "size, lazy loading and an alt text saying what it animates (read from the GIF\n"
           "itself when convanim described it there), and a caption. The narrow rendering\n"
           "for phones that the GIF names (animate --narrow) is offered to narrow screens,\n"
           "unless --href is given.\n"
           "\n"
           "      --href URL         the GIF's link (default: GIF as given)\n"
           "      --poster-href URL  the poster's link (default: the poster recorded when\n"
           "                         the GIF was made, or GIF's name with .png, beside it)\n"
           "      --player           add the player: play/pause, step back and forward, a\n"
           "                         scrubber, a speed, keys, each step's caption (its\n"
           "                         script follows the figure: once per page)\n"
           "      --inline           put the GIF, its poster and its narrow rendering in the\n"
           "                         HTML as data: URIs (4/3 of their bytes), so the player\n"
           "                         also plays on a page opened from a file; without it\n"
           "                         the player reads the GIF by its link, which browsers\n"
           "                         allow over http(s) only\n");
}

int cli_embed(int argc, char **argv)
{
    enum { OPT_HREF = 256, OPT_POSTER_HREF, OPT_PLAYER, OPT_INLINE };
    static const struct option longopts[] = {
        { "href", required_argument, NULL, OPT_HREF },
        { "poster-href", required_argument, NULL, OPT_POSTER_HREF },
        { "player", no_argument, NULL, OPT_PLAYER },
        { "inline", no_argument, NULL, OPT_INLINE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const char shortopts[] = ":h";
    const char *href = NULL, *poster_href = NULL;
    bool player = false, inline_data = false;
    bool seen[CLI_OPTION_MAX] = { false };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (cli_once("embed", c, longopts, seen) != CLI_OK)
            return CLI_BAD_INPUT;
        switch (c) {
        case OPT_HREF: href = optarg; break;
        case OPT_POSTER_HREF: poster_href = optarg; break;
        case OPT_PLAYER: player = true; break;
        case OPT_INLINE: inline_data = true; break;
        case 'h': embed_usage(); return cli_flush_stdout("the help");
        default: return cli_bad_option("embed", shortopts, longopts, c, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("embed", optind < argc ? "one GIF at a time" : "which GIF?");
    const char *gif = argv[optind];
    if (inline_data && href)
        return cli_usage_error("embed", "--href and --inline: the GIF is linked or inline, "
                                        "not both");
    ca_error err = { 0 };
    ca_meta m;
    bool ours;
    ca_status s = ca_meta_inspect(gif, &m, &ours, &err);
    if (s != CA_OK)
        return cli_report(s, &err);
    /* links default to the files' paths, from here */
    char found[4096], gif_link[4096], poster_link[4096];
    char *gif_uri = NULL, *poster_uri = NULL, *narrow_uri = NULL;
    const char *poster =
        poster_href ? NULL : ca_web_poster_of(gif, ours ? &m : NULL, found, sizeof found);
    if (poster && inline_data && (s = ca_web_data_uri(poster, &poster_uri, &err)) != CA_OK)
        return cli_report(s, &err);
    if (poster)
        poster_href = poster_uri ? poster_uri
                                 : ca_web_path_href(poster, poster_link, sizeof poster_link);
    bool href_given = href != NULL;
    if (inline_data && (s = ca_web_data_uri(gif, &gif_uri, &err)) != CA_OK) {
        free(poster_uri);
        return cli_report(s, &err);
    }
    href = gif_uri ? gif_uri : href;
    if (!href && !(href = ca_web_path_href(gif, gif_link, sizeof gif_link)))
        return cli_usage_error("embed", "the GIF's path is too long for a link");
    /* only animate and preset make posters: the hint is for their GIFs */
    if (!poster_href)
        cli_warn("%s has no poster beside it: readers who prefer reduced motion get the GIF%s",
                 gif, ours ? " (make one with --poster)" : "");
    struct stat st;
    char *html = NULL;
    const char *base = strrchr(gif, '/') ? strrchr(gif, '/') + 1 : gif;
    ca_web_figure_options o = { .gif_href = href, .poster_href = poster_href,
                                .name = inline_data ? base : NULL,
                                .bytes = stat(gif, &st) == 0 ? (long long)st.st_size : 0,
                                .described = ours, .player = player };
    /* a narrow rendering is linked by its path, like the GIF's default */
    char narrow_path[4096], narrow_link[4096];
    ca_meta narrow;
    if (!href_given && ours &&
        ca_web_narrow_of(gif, &m, &narrow, narrow_path, sizeof narrow_path)) {
        if (inline_data)
            s = ca_web_data_uri(narrow_path, &narrow_uri, &err);
        o.narrow_href = narrow_uri ? narrow_uri
                                   : ca_web_path_href(narrow_path, narrow_link,
                                                      sizeof narrow_link);
        o.narrow_width = narrow.width;
        o.narrow_height = narrow.height;
    }
    if (s == CA_OK)
        s = ca_web_figure(&m, &o, &html, &err);
    free(gif_uri);
    free(poster_uri);
    free(narrow_uri);
    if (s != CA_OK)
        return cli_report(s, &err);
    bool failed = fputs(html, stdout) == EOF;
    if (player && !failed)
        failed = printf("<script>\n%s</script>\n", ca_web_player_script()) < 0;
    int rc = failed || fflush(stdout) != 0 ? CLI_FAILED : CLI_OK;
    if (rc != CLI_OK)
        fprintf(stderr, "convanim: writing the HTML: %s\n", strerror(errno));
    free(html);
    return rc;
}

