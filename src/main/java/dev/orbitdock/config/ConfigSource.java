package dev.orbitdock.config;

/** Where a resolved setting came from, in precedence order. */
public enum ConfigSource { FLAG, ENV, TABLE, DEFAULT, UNSET }
