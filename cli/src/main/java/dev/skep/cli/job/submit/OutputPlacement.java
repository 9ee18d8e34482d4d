package dev.skep.cli.job.submit;

import dev.skep.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a finished process's output, error and log files go on this machine, given the path a service label
 * names (macros expanded). The labels are read back from the server, so what they name is only trusted where the
 * user's own submit description chose it ({@link #asLabelled()}, for {@code job submit --wait}).
 */
public interface OutputPlacement {
    /** The local file to write for the label's path; a {@link CliException} if it may not be written. */
    Path place(String labelledPath);

    /** False when the file must not be reached through a symbolic link (it is then opened with O_NOFOLLOW). */
    boolean followLinks();

    /** The paths as labelled: those the submit description named, for the command that just submitted it. */
    static OutputPlacement asLabelled() {
        return new OutputPlacement() {
            @Override
            public Path place(String labelledPath) {
                return Path.of(labelledPath);
            }

            @Override
            public boolean followLinks() {
                return true;
            }
        };
    }

    /**
     * Every file directly in {@code dir}, under the file name of the labelled path: whatever the server
     * answers, nothing is written outside {@code dir} (no absolute path, no {@code ..}, no symbolic link).
     */
    static OutputPlacement confinedTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toRealPath();
        return new OutputPlacement() {
            @Override
            public Path place(String labelledPath) {
                String name = labelledPath.substring(labelledPath.lastIndexOf('/') + 1);
                if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
                    throw refused(labelledPath, "it names no file");
                }
                Path file = root.resolve(name).normalize();
                if (!root.equals(file.getParent())) throw refused(labelledPath, "it leaves " + root);
                if (Files.isSymbolicLink(file)) throw refused(labelledPath, file + " is a symbolic link");
                return file;
            }

            @Override
            public boolean followLinks() {
                return false;
            }

            private CliException refused(String labelledPath, String why) {
                return new CliException("refusing to write the job file '" + labelledPath + "' the server named under "
                        + root + ": " + why);
            }
        };
    }
}
