/**
 * The exceptions Pullgate throws, all rooted at {@link dev.pullgate.error.PullGateException}: the
 * failures a caller may want to tell apart from its own errors.
 *
 * <p>Misuse is reported the way the JDK reports it: a bad argument or configuration value throws
 * {@link java.lang.IllegalArgumentException} (its message names the argument or the {@code
 * pullgate.*} property, never a credential), and a null argument {@link
 * java.lang.NullPointerException}. Everything else the engine throws is a {@code
 * PullGateException}. Decisions ({@code PullGate.mustAttemptImagePull}) throw nothing at all.
 *
 * <p>This package depends on nothing else in Pullgate, so every other package may use it.
 */
package dev.pullgate.error;
