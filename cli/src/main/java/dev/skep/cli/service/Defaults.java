package dev.skep.cli.service;

/** SwarmKit's defaults (api/defaults/service.go) that the CLI fills in when a config is first set. */
final class Defaults {
    static final String RESTART_CONDITION = "any";
    static final long RESTART_DELAY = 5_000_000_000L;
    static final long MONITOR = 5_000_000_000L;
    static final String UPDATE_FAILURE_ACTION = "pause";
    static final String ROLLBACK_FAILURE_ACTION = "pause";

    private Defaults() {}
}
