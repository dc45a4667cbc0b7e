/*
 * PS/2 keyboard on IRQ 1.  Only make codes of printable keys, Enter,
 * Backspace, Tab, Escape and the arrows produce bytes; modifier keys
 * update the state; break codes (bit 7) release modifiers.  The 0xE0
 * prefix marks the arrow keys (and right-hand Ctrl).
 */
#include "drivers/kbd.h"
#include "kernel/arch/i386/x86.h"
#include "kernel/arch/i386/cpu.h"

static const char normal[0x3A] = {
    0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 127, '\t',
    'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
    'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
    'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};
static const char shifted[0x3A] = {
    0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 127, '\t',
    'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
    'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
    'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

static void (*kbd_input)(char c);
static int shift, ctrl, caps, extended;

int kbd_translate(unsigned char code, int sh, int ct, int cp, char out[4])
{
    char c;

    if (code >= sizeof(normal))
        return 0;
    c = sh ? shifted[code] : normal[code];
    if (cp && c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    else if (cp && c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    if (ct && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        c = (char)((c & 0x1F));
    if (!c)
        return 0;
    out[0] = c;
    return 1;
}

/* Arrow keys after an 0xE0 prefix: ESC [ A..D. */
static int arrow(unsigned char code, char out[4])
{
    char k = code == 0x48 ? 'A' : code == 0x50 ? 'B' : code == 0x4D ? 'C' : code == 0x4B ? 'D' : 0;

    if (!k)
        return 0;
    out[0] = 27, out[1] = '[', out[2] = k;
    return 3;
}

static void kbd_irq(struct trapframe *tf)
{
    unsigned char code = inb(0x60);
    char out[4];
    int n = 0;

    (void)tf;
    if (code == 0xE0) {
        extended = 1;
        return;
    }
    int release = code & 0x80;
    code &= 0x7F;
    if (code == 0x2A || code == 0x36)
        shift = !release;
    else if (code == 0x1D)
        ctrl = !release;
    else if (code == 0x3A && !release)
        caps = !caps;
    else if (!release)
        n = extended ? arrow(code, out) : kbd_translate(code, shift, ctrl, caps, out);
    extended = 0;
    for (int i = 0; i < n && kbd_input; i++)
        kbd_input(out[i]);
}

void kbd_init(void (*input)(char c))
{
    kbd_input = input;
    while (inb(0x64) & 1)               /* drop whatever the BIOS left */
        inb(0x60);
    irq_register(1, kbd_irq);
}
