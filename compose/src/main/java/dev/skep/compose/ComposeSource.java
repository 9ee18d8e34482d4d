package dev.skep.compose;

import java.nio.file.Path;

/** The file being read: its name for messages, its directory for relative paths, its interpolation. */
record ComposeSource(String name, Path directory, Interpolation interpolation) {}
