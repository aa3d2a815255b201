/**
 * The synthetic node every benchmark measures: its records as pure functions of their numbers, the
 * decisions it asks for, and the probes that carry their inputs.
 */
package dev.pullgate.jmh.workload;
