/* The .ksyms section of the first link: no symbols.  See tools/gensyms.py. */
        .section .ksyms, "a"
        .globl ksyms_blob
        .align 4
ksyms_blob:
        .long 0
