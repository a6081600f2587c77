package io.synthstream.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "synthstream.gateway")
public interface GatewayConfig {
    /** API keys with the user role (comma-separated in config). In Kubernetes they come from a Secret. */
    List<String> userKeys();

    /** API keys with the admin role: everything a user may, plus training jobs and rollout changes. */
    List<String> adminKeys();

    /** Names this instance's reply topic: answers to its requests come back to it, not to another instance. */
    String instanceId();

    /** The longest ?wait= a client may ask for. */
    @WithDefault("PT30S")
    Duration maxWait();

    /** Most samples one HTTP request may ask for (413 above). */
    @WithDefault("10000")
    int maxCount();

    /** Generations kept in memory for GET/SSE/PNG, oldest dropped first. */
    @WithDefault("1000")
    int keepGenerations();
}
