package dev.skep.manager.cron;

import dev.skep.api.cron.CronSchedule;
import dev.skep.api.model.ServiceSpec;
import java.util.Optional;

/** The service label that puts a job on a schedule, {@value #LABEL}, and its check for the control API. */
public final class CronLabel {
    public static final String LABEL = "skep.cron.schedule";

    private CronLabel() {}

    /** The schedule a service's labels carry, if any; empty also when it does not parse (stored before checks). */
    public static Optional<CronSchedule> of(ServiceSpec spec) {
        String text = text(spec);
        if (text == null) return Optional.empty();
        try {
            return Optional.of(CronSchedule.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Rejects a schedule that does not parse, or one on a service that is not a job. */
    public static void validate(ServiceSpec spec) {
        String text = text(spec);
        if (text == null) return;
        if (spec.mode() == null || !spec.mode().isJob()) {
            throw new IllegalArgumentException(
                    "label " + LABEL + " is only valid on replicated-job and global-job services");
        }
        try {
            CronSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "label " + LABEL + ": invalid schedule \"" + text + "\": " + e.getMessage());
        }
    }

    private static String text(ServiceSpec spec) {
        return spec == null || spec.labels() == null ? null : spec.labels().get(LABEL);
    }
}
