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

    /**
     * How long this instance's reply topic keeps answers (its retention.ms, set when the gateway creates it). The gateway
     * reads answers as they arrive and a client waits at most max-wait, so an hour is ample; it bounds the disk a busy
     * gateway's answers take, and a gateway topic with nothing newer left, and no consumer, is one whose gateway is gone.
     */
    @WithDefault("PT1H")
    Duration replyRetention();

    /**
     * Whether this gateway deletes, at start, the reply topics of gateways that are gone (ReplyTopicSweeper): their names
     * follow pod names, which change on every rollout. Needs Describe on consumer groups and Delete on those topics.
     */
    @WithDefault("true")
    boolean sweepReplyTopics();

    /** Generations kept in memory for GET/SSE/PNG, oldest dropped first. */
    @WithDefault("1000")
    int keepGenerations();
}
