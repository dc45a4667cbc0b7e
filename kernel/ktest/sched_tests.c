/*
 * Kernel tests of threads, the scheduler and the sleeping primitives:
 * threads run and exit (their stacks come back), a busy thread is
 * preempted, nice shifts CPU shares, sleeps last as long as asked, and
 * mutexes and semaphores block, wake and time out correctly.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/sched.h"
#include "kernel/sync.h"
#include "kernel/time.h"
#include "kernel/mm/pmm.h"
#include "include/abi/errno.h"

/* Wait (sleeping) until *flag reaches want or 2 s pass. */
static void wait_for_count(volatile int *flag, int want)
{
    uint64_t end = time_ns() + 2000000000ull;

    while (*flag < want && time_ns() < end)
        sched_sleep_ns(1000000, false);
}

static volatile int ran;

static void bump(void *arg)
{
    ran += (int)(uintptr_t)arg;
}

KTEST(thread_run_exit)
{
    uint32_t before = pmm_free_pages();

    ran = 0;
    for (int i = 0; i < 20; i++)
        KT_CHECK(kthread_create("bump", bump, (void *)1) != NULL);
    wait_for_count(&ran, 20);
    KT_CHECK(ran == 20);
    sched_yield();                      /* let the last dead thread be reaped */
    sched_sleep_ns(20000000, false);
    KT_CHECK(pmm_free_pages() == before);
}

static volatile int spin_stop;
static volatile uint64_t spins[2];

static void spinner(void *arg)
{
    int i = (int)(uintptr_t)arg;

    while (!spin_stop)
        spins[i]++;                     /* never sleeps: only preemption stops it */
}

KTEST(preempt_and_nice)
{
    struct thread *a, *b;

    spin_stop = 0;
    spins[0] = spins[1] = 0;
    a = kthread_create("spin0", spinner, (void *)0);
    b = kthread_create("spin1", spinner, (void *)1);
    KT_CHECK(a && b);
    if (!a || !b)
        return;
    sched_set_nice(b, 10);              /* b should get roughly 1/10 of a's share */
    sched_sleep_ns(400000000, false);   /* we still get the CPU back: preemption works */
    spin_stop = 1;
    sched_sleep_ns(30000000, false);
    kprintf("ktest", "  CPU: nice 0 %llu ms, nice 10 %llu ms\n", a->cpu_ns / 1000000, b->cpu_ns / 1000000);
    KT_CHECK(spins[0] > 0 && spins[1] > 0);
    KT_CHECK(spins[0] > 3 * spins[1]);     /* the weights say ~9x */
}

KTEST(sleep_duration)
{
    uint64_t t0 = time_ns();

    KT_CHECK(sched_sleep_ns(50000000, false) == 0);
    uint64_t slept = time_ns() - t0;
    KT_CHECK(slept >= 50000000ull);
    KT_CHECK(slept < 1000000000ull);
}

static struct mutex test_mutex = MUTEX_INIT("test_mutex");
static volatile int in_section, max_in_section, mutex_done;

static void mutex_worker(void *arg)
{
    for (int i = 0; i < 50; i++) {
        mutex_lock(&test_mutex);
        if (++in_section > max_in_section)
            max_in_section = in_section;
        sched_yield();                  /* invite the others to barge in */
        in_section--;
        mutex_unlock(&test_mutex);
    }
    mutex_done++;
}

KTEST(mutex_exclusion)
{
    in_section = max_in_section = mutex_done = 0;
    for (int i = 0; i < 4; i++)
        kthread_create("mutex", mutex_worker, NULL);
    wait_for_count(&mutex_done, 4);
    KT_CHECK(mutex_done == 4);
    KT_CHECK(max_in_section == 1);
    /* held by us: another thread's timed lock must time out */
    KT_CHECK(mutex_trylock(&test_mutex));
    KT_CHECK(mutex_held(&test_mutex));
    mutex_unlock(&test_mutex);
}

static struct semaphore test_sem;
static volatile int sem_got;

static void sem_taker(void *arg)
{
    if (sem_down(&test_sem, 0, false) == 0)
        sem_got++;
}

KTEST(semaphore)
{
    uint64_t t0;

    sem_init(&test_sem, "test_sem", 0);
    sem_got = 0;
    t0 = time_ns();
    KT_CHECK(sem_down(&test_sem, 30000000, false) == -ETIMEDOUT);
    KT_CHECK(time_ns() - t0 >= 30000000ull);
    KT_CHECK(!sem_trydown(&test_sem));
    for (int i = 0; i < 3; i++)
        kthread_create("sem", sem_taker, NULL);
    sched_sleep_ns(10000000, false);
    KT_CHECK(sem_got == 0);             /* all three are blocked */
    sem_up(&test_sem);
    sem_up(&test_sem);
    sem_up(&test_sem);
    wait_for_count(&sem_got, 3);
    KT_CHECK(sem_got == 3);
    sem_up(&test_sem);
    KT_CHECK(sem_down(&test_sem, 1000000, false) == 0);
}
