/*
 * wc [-lwc] [FILE...]: count lines, words and bytes of each FILE ("-" or
 * none: standard input), in that order, and a total for several files.
 * Without options all three are printed.  As in GNU wc, a single count
 * of a single input is printed without padding (`echo hi | wc -c' is
 * "3"); otherwise columns are 7 wide.
 */
#define PROG "wc"
#include <ctype.h>

#include "util.h"

struct counts {
    long lines, words, bytes;
};

static void count(FILE *f, struct counts *c)
{
    bool in_word = false;
    int ch;
    while ((ch = getc(f)) != EOF) {
        c->bytes++;
        if (ch == '\n')
            c->lines++;
        if (isspace(ch)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            c->words++;
        }
    }
}

static void print(const struct counts *c, unsigned what, int width, const char *name)
{
    const long v[] = { c->lines, c->words, c->bytes };
    bool first = true;
    for (int i = 0; i < 3; i++) {
        if (!(what & (1u << i)))
            continue;
        printf(first ? "%*ld" : " %*ld", width, v[i]);
        first = false;
    }
    if (name)
        printf(" %s", name);
    putchar('\n');
}

int main(int argc, char **argv)
{
    static const char letters[] = "lwc";
    unsigned what = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            const char *l = strchr(letters, *o);
            if (!l)
                util_die("invalid option -- '%c'", *o);
            what |= 1u << (l - letters);
        }
    }
    if (!what)
        what = 7;
    char *stdin_only[] = { "-", NULL };
    char **files = i < argc ? argv + i : stdin_only;
    int nfiles = i < argc ? argc - i : 1, status = 0;
    int width = (nfiles == 1 && (what & (what - 1)) == 0) ? 1 : 7;
    struct counts total = { 0 };
    for (int k = 0; k < nfiles; k++) {
        struct counts c = { 0 };
        FILE *f = util_open_input(files[k]);
        if (!f) {
            status = 1;
            continue;
        }
        count(f, &c);
        util_close_input(f);
        print(&c, what, width, i < argc ? files[k] : NULL);
        total.lines += c.lines, total.words += c.words, total.bytes += c.bytes;
    }
    if (nfiles > 1)
        print(&total, what, width, "total");
    return fflush(stdout) ? 1 : status;
}
