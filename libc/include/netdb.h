/*
 * Name lookup, the minimal kind (POSIX <netdb.h>): there is no resolver,
 * no /etc/hosts and no services file yet, so gethostbyname() and
 * getaddrinfo() know dotted quads (inet_aton's forms) and "localhost"
 * only, and services must be port numbers.  Other names fail with
 * HOST_NOT_FOUND / EAI_NONAME.  Structures and EAI_ values are Linux's.
 * The functions are in libc/net.c.
 */
#ifndef _NETDB_H
#define _NETDB_H

#include <netinet/in.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hostent {
    char *h_name;           /* the name asked for */
    char **h_aliases;       /* always empty */
    int h_addrtype;         /* AF_INET */
    int h_length;           /* 4 */
    char **h_addr_list;     /* one address (network order), then NULL */
};
#define h_addr h_addr_list[0]

struct addrinfo {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    socklen_t ai_addrlen;
    struct sockaddr *ai_addr;
    char *ai_canonname;
    struct addrinfo *ai_next;
};

/* ai_flags */
#define AI_PASSIVE      0x0001      /* no node: INADDR_ANY (for bind) instead of loopback */
#define AI_CANONNAME    0x0002
#define AI_NUMERICHOST  0x0004
#define AI_NUMERICSERV  0x0400

/* getaddrinfo() results */
#define EAI_BADFLAGS    -1
#define EAI_NONAME      -2
#define EAI_AGAIN       -3
#define EAI_FAIL        -4
#define EAI_FAMILY      -6
#define EAI_SOCKTYPE    -7
#define EAI_SERVICE     -8
#define EAI_MEMORY      -10
#define EAI_SYSTEM      -11

/* h_errno values */
#define HOST_NOT_FOUND  1
#define TRY_AGAIN       2
#define NO_RECOVERY     3
#define NO_DATA         4

extern int h_errno;         /* why gethostbyname() failed (one process, no threads) */

/* A static hostent, overwritten by the next call; NULL (and h_errno) on failure. */
struct hostent *gethostbyname(const char *name);
/* 0 and a list to free with freeaddrinfo(), or an EAI_ value. */
int         getaddrinfo(const char *node, const char *service,
                        const struct addrinfo *hints, struct addrinfo **res);
void        freeaddrinfo(struct addrinfo *ai);
const char *gai_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif
