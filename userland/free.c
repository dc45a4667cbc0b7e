/*
 * free [-k|-m]: memory in use and free, from /proc/meminfo, in KiB (or
 * MiB with -m).  The layout follows procps's free: a header and a Mem:
 * line (total used free), then the kernel heap, which Mosaic reports as
 * its own line; Mosaic has no swap, so that line is zeros.
 */
#define PROG "free"
#include "util.h"

/* The value of "Key:   N kB" in /proc/meminfo text; -1 if absent. */
static long field(const char *text, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, key, kl) == 0 && p[kl] == ':')
            return strtol(p + kl + 1, NULL, 10);
    return -1;
}

int main(int argc, char **argv)
{
    long div = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-m") == 0)
            div = 1024;
        else if (strcmp(argv[i], "-k") != 0)
            util_die("invalid option '%s' (use -k or -m)", argv[i]);
    }
    char text[2048];
    if (util_read_file("/proc/meminfo", text, sizeof text) < 0)
        util_die("cannot read /proc/meminfo: %s", strerror(errno));
    long total = field(text, "MemTotal"), avail = field(text, "MemFree");
    if (total < 0 || avail < 0)
        util_die("/proc/meminfo has no MemTotal/MemFree");
    long heap = field(text, "KernelHeap"), heap_used = field(text, "KernelHeapUsed");
    printf("%14s %11s %11s\n", "total", "used", "free");
    printf("Mem:  %8ld %11ld %11ld\n", total / div, (total - avail) / div, avail / div);
    if (heap >= 0 && heap_used >= 0)
        printf("Heap: %8ld %11ld %11ld\n", heap / div, heap_used / div, (heap - heap_used) / div);
    printf("Swap: %8d %11d %11d\n", 0, 0, 0);
    return fflush(stdout) ? 1 : 0;
}
