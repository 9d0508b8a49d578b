package dev.orbitdock.sync;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The receiver's answer: everything up to and including {@code ackedThrough} is committed on the control plane. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SyncAck(long ackedThrough) {}
