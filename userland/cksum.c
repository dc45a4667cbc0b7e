/*
 * cksum [FILE...]: print the POSIX CRC-32 and byte count of each FILE
 * ("-" or none: standard input), as `CRC BYTES [NAME]' - the same figures
 * as GNU and BSD cksum, so a transfer between nodes (or from the host)
 * can be checked on both ends.  Exit status 1 if a file could not be read.
 *
 * The CRC is the one POSIX specifies: polynomial 0x04C11DB7, most
 * significant bit first, no initial value, over the data followed by its
 * length (least significant byte first, only as many bytes as needed),
 * complemented at the end.  Input is read in 64 KiB blocks straight from
 * the descriptor (no stdio), so checking a network stream costs little.
 */
#define PROG "cksum"
#include <fcntl.h>
#include <stdint.h>

#include "util.h"

#define CKSUM_BUF (64 << 10)

static uint32_t crc_table[256];

/* crc_table[b]: the CRC register after shifting byte b through an empty one. */
static void crc_init(void)
{
    for (uint32_t b = 0; b < 256; b++) {
        uint32_t r = b << 24;
        for (int i = 0; i < 8; i++)
            r = r & 0x80000000u ? (r << 1) ^ 0x04C11DB7u : r << 1;
        crc_table[b] = r;
    }
}

static uint32_t crc_update(uint32_t crc, const unsigned char *p, size_t n)
{
    while (n--)
        crc = (crc << 8) ^ crc_table[(crc >> 24) ^ *p++];
    return crc;
}

/* Fold the length in and complement: the value cksum prints. */
static uint32_t crc_finish(uint32_t crc, uint64_t len)
{
    for (; len; len >>= 8) {
        unsigned char b = (unsigned char)len;
        crc = crc_update(crc, &b, 1);
    }
    return ~crc;
}

/* Checksum one descriptor to its end; false (and a message) on a read error. */
static bool sum_fd(int fd, const char *name, uint32_t *crc_out, uint64_t *len_out)
{
    static unsigned char buf[CKSUM_BUF];
    uint32_t crc = 0;
    uint64_t len = 0;
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            util_warn_errno(name);
            return false;
        }
        crc = crc_update(crc, buf, (size_t)n);
        len += (uint64_t)n;
    }
    *crc_out = crc_finish(crc, len);
    *len_out = len;
    return true;
}

/* Checksum and print one operand ("-": standard input, printed without a name). */
static bool sum_operand(const char *path)
{
    bool is_stdin = path == NULL || strcmp(path, "-") == 0;
    int fd = is_stdin ? 0 : open(path, O_RDONLY);
    uint32_t crc;
    uint64_t len;

    if (fd < 0) {
        util_warn_errno(path);
        return false;
    }
    bool ok = sum_fd(fd, is_stdin ? "stdin" : path, &crc, &len);
    if (!is_stdin)
        close(fd);
    if (!ok)
        return false;
    if (path && !is_stdin)
        printf("%lu %llu %s\n", (unsigned long)crc, (unsigned long long)len, path);
    else
        printf("%lu %llu\n", (unsigned long)crc, (unsigned long long)len);
    return true;
}

int main(int argc, char **argv)
{
    bool ok = true;
    int i = 1;

    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    else if (i < argc && argv[i][0] == '-' && argv[i][1])
        util_die("invalid option -- '%c'\nusage: cksum [FILE...]", argv[i][1]);
    crc_init();
    if (i == argc)
        ok = sum_operand(NULL);
    for (; i < argc; i++)
        ok = sum_operand(argv[i]) && ok;
    return fflush(stdout) == 0 && ok ? 0 : 1;
}
