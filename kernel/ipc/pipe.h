/*
 * Pipes (kernel/ipc/pipe.c): a ring buffer shared by a read end and a
 * write end, each an ordinary struct file, so read/write/close/dup/fork
 * treat them like any other descriptor.
 */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H

struct file;

#define PIPE_SIZE_MIN 16384     /* bytes buffered between writer and reader: at least */
#define PIPE_SIZE_MAX 65536     /* ... and at most (it grows with RAM) */
#define PIPE_ATOMIC 512         /* writes up to this size are never split (POSIX PIPE_BUF) */

/* Two new files: *rd (O_RDONLY) and *wr (O_WRONLY).  0 or -ENOMEM. */
int pipe_create(struct file **rd, struct file **wr);

#endif
