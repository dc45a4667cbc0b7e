/*
 * Symbol lookup over the .ksyms blob.  Layout (written by tools/gensyms.py):
 *   uint32 count; struct { uint32 addr; uint32 name_off; } syms[count];
 *   char names[]  (NUL-terminated, name_off is relative to names)
 * syms[] is sorted by address, so a lookup is a binary search.
 */
#include "kernel/ksyms.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"

struct ksym {
    uint32_t addr;
    uint32_t name_off;
};

extern const uint32_t ksyms_blob[];     /* the .ksyms section; count 0 in the first link */

static const struct ksym *ksym_table(uint32_t *count, const char **names)
{
    *count = ksyms_blob[0];
    *names = (const char *)(ksyms_blob + 1 + 2 * *count);
    return (const struct ksym *)(ksyms_blob + 1);
}

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
    uint32_t count, lo = 0, hi;
    const char *names;
    const struct ksym *syms = ksym_table(&count, &names);

    if (count == 0 || addr < syms[0].addr)
        return NULL;
    hi = count;
    while (hi - lo > 1) {               /* invariant: syms[lo].addr <= addr */
        uint32_t mid = lo + (hi - lo) / 2;
        if (syms[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - syms[lo].addr;
    return names + syms[lo].name_off;
}

void ksym_format(uint32_t addr, char *buf, size_t size)
{
    uint32_t off;
    const char *name = ksym_lookup(addr, &off);

    if (name)
        ksnprintf(buf, size, "%s+%#x", name, off);
    else
        ksnprintf(buf, size, "?");
}

uint32_t ksym_address(const char *name)
{
    uint32_t count;
    const char *names;
    const struct ksym *syms = ksym_table(&count, &names);

    for (uint32_t i = 0; i < count; i++)
        if (strcmp(names + syms[i].name_off, name) == 0)
            return syms[i].addr;
    return 0;
}

void ksym_format_caller(uint32_t ret, char *buf, size_t size)
{
    uint32_t off;
    const char *name = ksym_lookup(ret - 1, &off);

    if (name)
        ksnprintf(buf, size, "%s+%#x", name, off + 1);
    else
        ksnprintf(buf, size, "?");
}
