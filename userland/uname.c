/*
 * uname [-asnrvm]: print system information from the uname() call, by
 * default the system name; -a prints all fields in the order s n r v m.
 */
#define PROG "uname"
#include <sys/utsname.h>

#include "util.h"

int main(int argc, char **argv)
{
    enum { S = 1, N = 2, R = 4, V = 8, M = 16, ALL = 31 };
    static const char letters[] = "snrvm";
    unsigned want = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1])
            util_die("extra operand '%s'", argv[i]);
        for (const char *o = argv[i] + 1; *o; o++) {
            const char *l = strchr(letters, *o);
            if (*o == 'a')
                want = ALL;
            else if (l)
                want |= 1u << (l - letters);
            else
                util_die("invalid option -- '%c'", *o);
        }
    }
    struct utsname u;
    if (uname(&u) < 0)
        util_die("cannot get system name: %s", strerror(errno));
    const char *fields[] = { u.sysname, u.nodename, u.release, u.version, u.machine };
    bool first = true;
    for (int i = 0; i < 5; i++) {
        if (!(want ? want & (1u << i) : i == 0))
            continue;
        printf("%s%s", first ? "" : " ", fields[i]);
        first = false;
    }
    putchar('\n');
    return 0;
}
