/*
 * lwIP's OS types, each a pointer to a kernel object (net/sys_arch.c):
 * semaphores and mutexes are the kernel's own; a mailbox is a bounded
 * queue built from two kernel semaphores.
 */
#ifndef MOSAIC_ARCH_SYS_ARCH_H
#define MOSAIC_ARCH_SYS_ARCH_H

struct semaphore;
struct mutex;
struct thread;
struct lwip_mbox;

typedef struct semaphore *sys_sem_t;
typedef struct mutex *sys_mutex_t;
typedef struct lwip_mbox *sys_mbox_t;
typedef struct thread *sys_thread_t;
typedef int sys_prot_t;

#define SYS_MBOX_NULL               NULL
#define SYS_SEM_NULL                NULL
#define sys_sem_valid(s)            (*(s) != NULL)
#define sys_sem_set_invalid(s)      (*(s) = NULL)
#define sys_mutex_valid(m)          (*(m) != NULL)
#define sys_mutex_set_invalid(m)    (*(m) = NULL)
#define sys_mbox_valid(m)           (*(m) != NULL)
#define sys_mbox_set_invalid(m)     (*(m) = NULL)

/* Messages waiting in a mailbox (Mosaic's addition, for poll on sockets). */
int sys_mbox_pending(sys_mbox_t *mbox);
/* Does it hold an lwIP error marker (connection closed or reset)? */
int sys_mbox_has_err(sys_mbox_t *mbox);

#endif
