package dev.orbitdock.http;

import java.math.BigDecimal;

/** A session's token usage summed over every report. */
public record TokenTotals(long inputTokens, long outputTokens, long cachedInputTokens, BigDecimal costUsd) {}
