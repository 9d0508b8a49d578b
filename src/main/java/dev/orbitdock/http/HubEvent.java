package dev.orbitdock.http;

import dev.orbitdock.store.Applied;

/** One committed change as the {@link EventHub} hands it out: its revision, what was applied and its event JSON. */
public record HubEvent(long revision, Applied applied, String json) {}
