/*
 * The 8254 programmable interval timer (drivers/pit.c): channel 0 drives
 * the periodic tick on IRQ 0, channel 2 serves as a stopwatch to calibrate
 * the TSC against at boot.
 */
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u         /* input clock of the 8254 */

/* Program channel 0 to interrupt hz times a second; returns the exact rate achieved (mHz). */
uint32_t pit_start_periodic(unsigned hz);
/* Busy-wait on channel 2 for about us microseconds (< 50000); false if the PIT never finished. */
int pit_wait_us(unsigned us);

#endif
