/*
 * A small vsnprintf for the kernel.  Output goes through a bounded sink so a
 * malformed or huge format can never write past the buffer; unknown
 * conversions are printed literally rather than consuming arguments.
 */
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include <stdint.h>
#include <stdbool.h>

struct sink {
    char *buf;
    size_t size;
    size_t len;         /* characters produced so far, even past size */
};

struct spec {
    bool left, zero, plus, space, alt;
    int width;
    int prec;           /* -1 when absent */
    int length;         /* 0, 'h', 'H' (hh), 'l', 'L' (ll), 'z' */
    bool ptr;           /* %p: "0x" even for 0 */
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void pad(struct sink *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

static void put_str(struct sink *s, const struct spec *sp, const char *str)
{
    size_t n;

    if (!str)
        str = "(null)";
    n = sp->prec >= 0 ? strnlen(str, (size_t)sp->prec) : strlen(str);
    if (!sp->left)
        pad(s, ' ', sp->width - (int)n);
    for (size_t i = 0; i < n; i++)
        put(s, str[i]);
    if (sp->left)
        pad(s, ' ', sp->width - (int)n);
}

/* Render an integer: sign/prefix, precision zeros, width padding. */
static void put_num(struct sink *s, const struct spec *sp, uint64_t v, bool neg,
                    unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, zeros, total;
    const char *prefix = "";
    bool nonzero = v != 0;

    if (!(v == 0 && sp->prec == 0))
        do {
            tmp[n++] = digits[v % base];
            v /= base;
        } while (v);
    if (neg)
        prefix = "-";
    else if (sp->plus)
        prefix = "+";
    else if (sp->space)
        prefix = " ";
    zeros = sp->prec > n ? sp->prec - n : 0;
    if (sp->alt && base == 16 && (nonzero || sp->ptr))
        prefix = upper ? "0X" : "0x";
    if (sp->alt && base == 8 && zeros == 0 && (n == 0 || tmp[n - 1] != '0'))
        prefix = "0";
    total = (int)strlen(prefix) + zeros + n;
    if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
        zeros += sp->width - total;
        total = sp->width;
    }
    if (!sp->left)
        pad(s, ' ', sp->width - total);
    for (; *prefix; prefix++)
        put(s, *prefix);
    pad(s, '0', zeros);
    while (n)
        put(s, tmp[--n]);
    if (sp->left)
        pad(s, ' ', sp->width - total);
}

/* Parse flags, width, precision and length; returns the rest of the format. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    memset(sp, 0, sizeof(*sp));
    sp->prec = -1;
    for (;; f++) {
        if (*f == '-') sp->left = true;
        else if (*f == '0') sp->zero = true;
        else if (*f == '+') sp->plus = true;
        else if (*f == ' ') sp->space = true;
        else if (*f == '#') sp->alt = true;
        else break;
    }
    if (*f == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0)
            sp->left = true, sp->width = -sp->width;
        f++;
    }
    for (; *f >= '0' && *f <= '9'; f++)
        sp->width = sp->width < 100000 ? sp->width * 10 + (*f - '0') : sp->width;
    if (*f == '.') {
        f++;
        sp->prec = 0;
        if (*f == '*') {
            sp->prec = va_arg(*ap, int);
            if (sp->prec < 0)
                sp->prec = -1;
            f++;
        }
        for (; *f >= '0' && *f <= '9'; f++)
            sp->prec = sp->prec < 100000 ? sp->prec * 10 + (*f - '0') : sp->prec;
    }
    if (*f == 'h')
        sp->length = f[1] == 'h' ? (f++, 'H') : 'h', f++;
    else if (*f == 'l')
        sp->length = f[1] == 'l' ? (f++, 'L') : 'l', f++;
    else if (*f == 'z')
        sp->length = 'z', f++;
    return f;
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case 'L': return va_arg(*ap, unsigned long long);
    case 'l': return va_arg(*ap, unsigned long);
    case 'z': return va_arg(*ap, size_t);
    case 'h': return (unsigned short)va_arg(*ap, unsigned int);
    case 'H': return (unsigned char)va_arg(*ap, unsigned int);
    default:  return va_arg(*ap, unsigned int);
    }
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
    switch (sp->length) {
    case 'L': return va_arg(*ap, long long);
    case 'l': return va_arg(*ap, long);
    case 'z': return (int64_t)va_arg(*ap, long);
    case 'h': return (short)va_arg(*ap, int);
    case 'H': return (signed char)va_arg(*ap, int);
    default:  return va_arg(*ap, int);
    }
}

/* Emit one conversion; returns false if the conversion letter is unknown. */
static bool convert(struct sink *s, struct spec *sp, char c, va_list *ap)
{
    switch (c) {
    case 'd': case 'i': {
        int64_t v = arg_signed(sp, ap);
        put_num(s, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false);
        return true;
    }
    case 'u': put_num(s, sp, arg_unsigned(sp, ap), false, 10, false); return true;
    case 'x': put_num(s, sp, arg_unsigned(sp, ap), false, 16, false); return true;
    case 'X': put_num(s, sp, arg_unsigned(sp, ap), false, 16, true); return true;
    case 'o': put_num(s, sp, arg_unsigned(sp, ap), false, 8, false); return true;
    case 'p':
        sp->alt = sp->ptr = true;
        put_num(s, sp, (uintptr_t)va_arg(*ap, void *), false, 16, false);
        return true;
    case 's': put_str(s, sp, va_arg(*ap, const char *)); return true;
    case 'c':
        if (!sp->left)
            pad(s, ' ', sp->width - 1);
        put(s, (char)va_arg(*ap, int));
        if (sp->left)
            pad(s, ' ', sp->width - 1);
        return true;
    case '%': put(s, '%'); return true;
    default: return false;
    }
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { buf, size, 0 };
    struct spec sp;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        const char *start = fmt;
        if (*fmt != '%') {
            put(&s, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, &args);
        if (*fmt && convert(&s, &sp, *fmt, &args)) {
            fmt++;
            continue;
        }
        while (start < fmt)     /* unknown or truncated conversion: print it as text */
            put(&s, *start++);
    }
    va_end(args);
    if (size)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return (int)s.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
