/*
 * Command-line parsing.  The line is copied into a fixed buffer and cut
 * into words in place, so parsing never allocates and a line of any length
 * or content is safe: overlong input is truncated, control bytes separate
 * words, and every problem becomes a "cmdline: warning" line.  QEMU and
 * iPXE put the kernel's path first; a first word without '=' that looks
 * like a path is skipped quietly.
 */
#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "kernel/lib/string.h"

#define CMDLINE_BUF 1024

struct word {
    const char *key;
    const char *value;          /* "" for a bare word */
};

/* Every key the kernel knows; later subsystems add theirs here. */
static const char *const known_keys[] = {
    "ktest",        /* run built-in kernel tests: all, or a test name */
    "panic",        /* what to do after a panic: halt, exit (QEMU), reboot */
    "hz",           /* timer interrupt rate, 10..1000 */
    "profile",      /* sample the kernel at every tick: /proc/profile */
    "console",      /* log to: both, serial, vga */
    "loglevel",     /* reserved for later issues */
    "init",         /* the first user program (default /bin/init), or none */
    "ip",           /* eth0's address: ADDR/PREFIX[,GATEWAY] or dhcp (net/netif.c) */
    "hostname",     /* the host name sent with DHCP (default mosaic) */
    "nic",          /* NIC drivers to use: none, or e.g. e1000,virtio-net */
    "gro",          /* merge received TCP segments: on (default), off */
    "node",         /* this node's id in the cluster, 1..; tools/mosaic sets it */
    NULL,
};

static char buf[CMDLINE_BUF];
static struct word words[CMDLINE_MAX_WORDS];
static int nwords;

static bool is_known(const char *key)
{
    for (int i = 0; known_keys[i]; i++)
        if (strcmp(known_keys[i], key) == 0)
            return true;
    return false;
}

static bool is_space(char c)
{
    return (unsigned char)c <= ' ' || c == 0x7F;
}

/* Is this printable ASCII? Junk words are reported without echoing raw bytes. */
static bool printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

static int add_word(char *w, bool first)
{
    char *eq = strchr(w, '=');

    if (!printable(w)) {
        kprintf("cmdline", "warning: ignoring a word with non-printable bytes\n");
        return 1;
    }
    if (!eq && first && (strchr(w, '/') || strchr(w, '.')))
        return 0;                       /* the kernel's own path (QEMU, iPXE) */
    if (eq == w) {
        kprintf("cmdline", "warning: ignoring '%s': no key before '='\n", w);
        return 1;
    }
    if (eq)
        *eq = '\0';
    if (!is_known(w)) {
        kprintf("cmdline", "warning: unknown option '%s' ignored\n", w);
        return 1;
    }
    if (nwords == CMDLINE_MAX_WORDS) {
        kprintf("cmdline", "warning: more than %d options; '%s' ignored\n", CMDLINE_MAX_WORDS, w);
        return 1;
    }
    words[nwords].key = w;
    words[nwords].value = eq ? eq + 1 : "";
    nwords++;
    return 0;
}

int cmdline_parse(const char *line)
{
    int warnings = 0;
    bool first = true;
    char *p = buf;

    nwords = 0;
    if (strlcpy(buf, line ? line : "", sizeof(buf)) >= sizeof(buf)) {
        kprintf("cmdline", "warning: command line longer than %d bytes; truncated\n", CMDLINE_BUF - 1);
        warnings++;
    }
    for (;;) {
        while (*p && is_space(*p))
            *p++ = '\0';
        if (!*p)
            break;
        char *w = p;
        while (*p && !is_space(*p))
            p++;
        if (*p)
            *p++ = '\0';
        warnings += add_word(w, first);
        first = false;
    }
    return warnings;
}

const char *cmdline_get(const char *key)
{
    for (int i = nwords - 1; i >= 0; i--)
        if (strcmp(words[i].key, key) == 0)
            return words[i].value;
    return NULL;
}

bool cmdline_has(const char *key)
{
    return cmdline_get(key) != NULL;
}

unsigned cmdline_get_uint(const char *key, unsigned def, unsigned min, unsigned max)
{
    const char *v = cmdline_get(key);
    unsigned n;

    if (!v)
        return def;
    if (str_to_u32(v, &n) < 0 || n < min || n > max) {
        kprintf("cmdline", "warning: %s=%s is not a number in %u..%u; using %u\n", key, v, min, max, def);
        return def;
    }
    return n;
}

int cmdline_get_choice(const char *key, const char *const *choices, int def)
{
    const char *v = cmdline_get(key);

    if (!v)
        return def;
    for (int i = 0; choices[i]; i++)
        if (strcmp(choices[i], v) == 0)
            return i;
    kprintf("cmdline", "warning: %s=%s is not a known value; using %s\n", key, v, choices[def]);
    return def;
}
