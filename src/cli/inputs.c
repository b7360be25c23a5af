#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "base/util.h"

/* The regular file behind a path, followed through links; false when there
 * is none (a missing file cannot be overwritten, and only regular files are
 * ever written). */
static bool regular(const char *path, struct stat *st)
{
    return stat(path, st) == 0 && S_ISREG(st->st_mode);
}

/* The file an input reads, into *st, and its name for a message, into
 * name: a spec is a file when it names one, whole or before its last ':'
 * (its settings), as the spec readers take it. */
static bool input_file(const char *spec, struct stat *st, char *name, size_t size)
{
    if (strcmp(spec, "-") == 0 || strncmp(spec, "-:", 2) == 0) {
        snprintf(name, size, "standard input");
        return fstat(STDIN_FILENO, st) == 0 && S_ISREG(st->st_mode);
    }
    snprintf(name, size, "%s", spec);
    if (regular(name, st))
        return true;
    char *colon = strrchr(name, ':');
    if (!colon)
        return false;
    *colon = '\0';
    return regular(name, st);
}

static bool same(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether name is one the frames writer gives: frame_, digits, .png, or
 * the timeline beside them. */
static bool frame_name(const char *name)
{
    if (strcmp(name, "timeline.txt") == 0)
        return true;
    if (strncmp(name, "frame_", 6) != 0)
        return false;
    size_t digits = strspn(name + 6, "0123456789");
    return digits > 0 && strcmp(name + 6 + digits, ".png") == 0;
}

/* Whether name is one gallery shows: NAME.gif, not hidden. */
static bool gif_name(const char *name)
{
    size_t len = strlen(name);
    return len >= 5 && name[0] != '.' && strcmp(name + len - 4, ".gif") == 0;
}

/* The first file in folder whose name `match` takes and that is the same
 * file as st, its path into path; false when there is none (or the folder
 * cannot be read: then whoever reads or writes it says why). */
static bool in_folder(const char *folder, bool (*match)(const char *), const struct stat *st,
                      char *path, size_t size)
{
    DIR *d = opendir(folder);
    if (!d)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(d)) != NULL;) {
        struct stat other;
        int n = snprintf(path, size, "%s/%s", folder, e->d_name);
        found = match(e->d_name) && n > 0 && (size_t)n < size && regular(path, &other) &&
                same(st, &other);
    }
    closedir(d);
    return found;
}

static int refuse(const char *output, const char *input)
{
    ca_error err = { 0 };
    return cli_report(ca_fail(&err, CA_EINPUT, "%s: is also an input (%s); refusing to "
                              "overwrite it", output, input), &err);
}

int cli_check_overwrite(const cli_files *f)
{
    char name[4096], path[4096];
    struct stat in, out;
    for (size_t i = 0; i < CLI_MAX_FILES; i++) {
        if (!f->inputs[i] || !input_file(f->inputs[i], &in, name, sizeof name))
            continue;
        for (size_t k = 0; k < CLI_MAX_FILES; k++)
            if (f->outputs[k] && regular(f->outputs[k], &out) && same(&in, &out))
                return refuse(f->outputs[k], name);
        if (f->frames && in_folder(f->frames, frame_name, &in, path, sizeof path))
            return refuse(path, name);
    }
    for (size_t k = 0; f->gifs && k < CLI_MAX_FILES; k++)
        if (f->outputs[k] && regular(f->outputs[k], &out) &&
            in_folder(f->gifs, gif_name, &out, path, sizeof path))
            return refuse(f->outputs[k], path);
    return CLI_OK;
}
