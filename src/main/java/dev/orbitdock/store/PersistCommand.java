package dev.orbitdock.store;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One mutation of the store, as plain data. The same value is the local write and the sync payload:
 * it is serialized with a {@code "type"} discriminator taken from each record's {@code @JsonTypeName}
 * (registered from the permitted subtypes by {@link StoreJson}, so there is no second list to keep).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public sealed interface PersistCommand
        permits SessionCommand, ConversationCommand, TokenUsageCommand, MissionCommand, MissionIssueCommand,
                WorkspaceCommand, ConfigCommand, AuthTokenCommand {}
