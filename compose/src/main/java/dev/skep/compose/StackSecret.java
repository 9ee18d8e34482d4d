package dev.skep.compose;

import java.util.Map;

/**
 * A top-level {@code secrets:} or {@code configs:} entry: created by the stack (data read from {@code file:} on the
 * client, named {@code <stack>_<key>} unless {@code name:} says otherwise, labelled with the stack's namespace) or
 * {@code external} (it must exist under {@code name:}, else its key).
 */
public record StackSecret(
        String key,
        String name,
        boolean external,
        byte[] data,
        Map<String, String> labels,
        String templateDriver,
        String driver) {}
