package dev.baton.scheduler.model;

/** A configured operation (op monitor interval=10s ...). interval in milliseconds; role/onFail may be null. */
public record Operation(String name, long intervalMs, String timeout, Role role, String onFail) {
}
