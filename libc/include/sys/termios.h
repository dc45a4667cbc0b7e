/* Some programs include <sys/termios.h>: everything is in our <termios.h>. */
#include <termios.h>
