package dev.skep.api.model;

import java.util.Map;

/** A named driver with options ({@code LogDriver}, volume {@code DriverConfig}). */
public record Driver(String name, Map<String, String> options) {}
