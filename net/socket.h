/*
 * BSD sockets for user programs (net/socket.c): each socket is an ordinary
 * struct file around an lwIP netconn, so read, write, close, dup, fork,
 * poll and select work on it like on any descriptor.
 */
#ifndef NET_SOCKET_H
#define NET_SOCKET_H

struct file;

/* A new socket file (one reference); -EAFNOSUPPORT, -EPROTONOSUPPORT, -ENOMEM. */
int socket_create(int domain, int type, int protocol, struct file **out);
/* The socket behind f, or NULL if f is not a socket. */
struct ksock *socket_of(struct file *f);

#endif
