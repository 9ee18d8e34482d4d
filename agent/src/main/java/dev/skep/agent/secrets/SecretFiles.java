package dev.skep.agent.secrets;

import dev.skep.agent.exec.ExecException;
import dev.skep.api.model.Config;
import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.ContainerSpec.FileTarget;
import dev.skep.api.model.Secret;
import dev.skep.api.model.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's secrets and configs become files: a tmpfs directory owned by skepd (0700), one 0700 sub-directory
 * per task, one file per reference with the mode, UID and GID the reference asks for (0400 and root when it does not
 * say). The files are bind-mounted read-only into the task's container: secrets at {@code /run/secrets/<target>},
 * configs at their absolute target. They are deleted when the task's container ends or is removed, and everything
 * is deleted when skepd starts. Nothing here is ever written to a disk: without a tmpfs, tasks that need secrets fail.
 */
public final class SecretFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    public static final String SECRETS_DIR = "/run/secrets";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final int DEFAULT_MODE = 0400;

    private final Path dir;
    /** Why files cannot be written (no tmpfs), else null. */
    private final String unavailable;

    /** Files in {@code dir}, which the caller guarantees is in memory (tests use their own directory). */
    public SecretFiles(Path dir) {
        this(dir, null);
    }

    private SecretFiles(Path dir, String unavailable) {
        this.dir = dir;
        this.unavailable = unavailable;
    }

    /** One bind mount: a file of this directory and where the container sees it. */
    public record BindFile(Path source, String target) {}

    /**
     * The node's directory at {@code dir}: mounts a tmpfs there unless one is already mounted, and deletes whatever
     * an earlier skepd left in it.
     */
    public static SecretFiles open(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            if (!isTmpfs(dir)) mountTmpfs(dir);
            if (!isTmpfs(dir)) {
                return new SecretFiles(dir, "no tmpfs at " + dir + " (skepd must run as root to mount one)");
            }
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            SecretFiles files = new SecretFiles(dir, null);
            files.clear();
            return files;
        } catch (IOException | RuntimeException e) {
            LOG.warn("secrets directory {}: {}", dir, e.getMessage());
            return new SecretFiles(dir, "secrets directory " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isTmpfs(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return "tmpfs".equals(store.type()) && dir.toRealPath().toString().equals(mountPoint(dir));
    }

    /** The mount point of the filesystem that holds dir, from /proc/self/mountinfo (the longest prefix). */
    private static String mountPoint(Path dir) throws IOException {
        String real = dir.toRealPath().toString();
        String best = "/";
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length < 5) continue;
            String mp = f[4].replace("\\040", " ");
            if ((real.equals(mp) || real.startsWith(mp.endsWith("/") ? mp : mp + "/")) && mp.length() > best.length())
                best = mp;
        }
        return best;
    }

    private static void mountTmpfs(Path dir) {
        try {
            Process p = new ProcessBuilder(
                            "mount",
                            "-t",
                            "tmpfs",
                            "-o",
                            "mode=0700,nosuid,nodev,noexec,size=64m",
                            "tmpfs",
                            dir.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.warn("cannot mount a tmpfs for secrets at {}: {}", dir, out);
            }
        } catch (IOException e) {
            LOG.warn("cannot mount a tmpfs for secrets at {}: {}", dir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path dir() {
        return dir;
    }

    /** Writes the task's secrets and configs; returns the bind mounts for its container (none without references). */
    public List<BindFile> write(Task task, SecretStore store) throws ExecException {
        return write(task, store, SecretTemplates.Context.of(task, task.serviceID(), task.name(), "", ""));
    }

    /** As above; templated secrets and configs are expanded with {@code ctx}. */
    public List<BindFile> write(Task task, SecretStore store, SecretTemplates.Context ctx) throws ExecException {
        ContainerSpec c = task.spec() == null ? null : task.spec().containerSpec();
        List<ContainerSpec.SecretReference> secrets = c == null || c.secrets() == null ? List.of() : c.secrets();
        List<ContainerSpec.ConfigReference> configs = c == null || c.configs() == null ? List.of() : c.configs();
        if (secrets.isEmpty() && configs.isEmpty()) return List.of();
        if (unavailable != null) throw ExecException.fatal("cannot deliver secrets and configs: " + unavailable);
        Path taskDir = dir.resolve(task.id());
        List<BindFile> out = new ArrayList<>();
        try {
            Files.createDirectories(taskDir);
            Files.setPosixFilePermissions(taskDir, OWNER_ONLY);
            int i = 0;
            for (ContainerSpec.SecretReference r : secrets) {
                Secret s = store.secret(r.secretID());
                if (s == null)
                    throw ExecException.fatal("secret " + r.secretName() + " (" + r.secretID() + ") not found");
                byte[] data = SecretTemplates.expand(
                        "secret " + r.secretName(), s.spec().data(), s.spec().templating(), task, store, ctx);
                out.add(writeFile(taskDir.resolve("secret-" + i++), data, r.file(), secretTarget(r.file())));
            }
            i = 0;
            for (ContainerSpec.ConfigReference r : configs) {
                Config cf = store.config(r.configID());
                if (cf == null)
                    throw ExecException.fatal("config " + r.configName() + " (" + r.configID() + ") not found");
                out.add(writeFile(
                        taskDir.resolve("config-" + i++), cf.spec().data(), r.file(), configTarget(r.file())));
            }
        } catch (IOException e) {
            remove(task.id());
            throw ExecException.fatal("writing the task's secrets and configs: " + e.getMessage(), e);
        } catch (ExecException e) {
            remove(task.id());
            throw e;
        }
        return out;
    }

    static String secretTarget(FileTarget f) {
        String name = f.name();
        return name.startsWith("/") ? name : SECRETS_DIR + "/" + name;
    }

    static String configTarget(FileTarget f) {
        String name = f.name();
        return name.startsWith("/") ? name : "/" + name;
    }

    private static BindFile writeFile(Path file, byte[] data, FileTarget f, String target) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(
                file,
                PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            out.write(data == null ? new byte[0] : data);
        }
        int uid = number(f.uid());
        int gid = number(f.gid());
        if (uid != 0 || gid != 0 || isRoot()) {
            Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(file, "unix:mode", f.mode() == null ? DEFAULT_MODE : f.mode(), LinkOption.NOFOLLOW_LINKS);
        return new BindFile(file, target);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int number(String id) {
        return id == null || id.isEmpty() ? 0 : Integer.parseInt(id);
    }

    /** Deletes the task's files (its container ended or was removed). */
    public void remove(String taskId) {
        deleteTree(dir.resolve(taskId));
    }

    /** The task IDs that have files here now (for tests and diagnostics). */
    public List<String> tasks() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void clear() {
        tasks().forEach(this::remove);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("deleting secret files {}: {}", root, e.getMessage());
        }
    }
}
