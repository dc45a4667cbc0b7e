/*
 * CMOS RTC.  Registers are read twice until two reads agree (an update may
 * be in progress), converted from BCD if the chip says so, and turned into
 * a Unix time with the usual days-from-civil arithmetic.
 */
#include "drivers/rtc.h"
#include "kernel/arch/i386/x86.h"

static unsigned cmos(unsigned reg)
{
    outb(0x70, (uint8_t)reg);
    return inb(0x71);
}

static unsigned bcd(unsigned v, int is_bcd)
{
    return is_bcd ? (v & 0x0F) + (v >> 4) * 10 : v;
}

int64_t rtc_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

int64_t rtc_read_epoch(void)
{
    unsigned r[6], again[6], b;

    for (int tries = 0; tries < 10; tries++) {
        for (int spin = 0; spin < 100000 && (cmos(0x0A) & 0x80); spin++)
            ;                               /* update in progress */
        for (int i = 0; i < 6; i++)
            r[i] = cmos((unsigned[]){ 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 }[i]);
        for (int i = 0; i < 6; i++)
            again[i] = cmos((unsigned[]){ 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 }[i]);
        if (r[0] == again[0] && r[1] == again[1] && r[2] == again[2] && r[3] == again[3] &&
            r[4] == again[4] && r[5] == again[5])
            break;
    }
    b = !(cmos(0x0B) & 0x04);
    unsigned sec = bcd(r[0], b), min = bcd(r[1], b), hour = bcd(r[2] & 0x7F, b);
    unsigned day = bcd(r[3], b), mon = bcd(r[4], b), year = bcd(r[5], b) + 2000;
    if (!(cmos(0x0B) & 0x02) && (r[2] & 0x80))
        hour = (hour % 12) + 12;            /* 12-hour mode, PM */
    if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 || mon > 12)
        return 0;
    return rtc_days_from_civil((int)year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}
