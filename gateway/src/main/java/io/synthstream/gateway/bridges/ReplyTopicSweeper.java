package io.synthstream.gateway.bridges;

import io.synthstream.contracts.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds and deletes the reply topics of gateways that are gone. A gateway's reply topic is named after its instance
 * (the pod name in Kubernetes, which changes on every rollout), so each rollout would leave one more behind.
 * <p>
 * A topic {@code synthstream.generate.replies.gateway-*} other than this gateway's own is gone when, on two looks
 * {@code recheck} apart (a consumer between two assignments, in a rebalance, is not a gone gateway):
 * <ul>
 * <li>no member of any consumer group is assigned a partition of it;</li>
 * <li>it has held a record: a topic never written to may be a gateway's that is starting now (each gateway writes one
 * record to its topic at start, {@link GatewayBeans});</li>
 * <li>no record younger than the reply retention is left in it (none, once retention removed them).</li>
 * </ul>
 * Other reply topics ({@code synthstream.generate.replies.<name>}) belong to the clients that created them: never touched.
 */
public final class ReplyTopicSweeper {
    public static final String GATEWAY_REPLY_PREFIX = Topics.REPLY_TOPIC_PREFIX + "gateway-";

    private final Admin admin;
    private final String ownTopic;
    private final Duration retention;

    public ReplyTopicSweeper(Admin admin, String ownTopic, Duration retention) {
        this.admin = admin;
        this.ownTopic = ownTopic;
        this.retention = retention;
    }

    /** Deletes the topics stale on both looks; returns their names, sorted. */
    public List<String> sweep(Duration recheck) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> stale = stale();
        if (stale.isEmpty()) return List.of();
        Thread.sleep(recheck.toMillis());
        stale.retainAll(stale());
        if (!stale.isEmpty()) admin.deleteTopics(stale).all().get(30, TimeUnit.SECONDS);
        return stale.stream().sorted().toList();
    }

    /** Gateway reply topics that look gone now (one look). */
    Set<String> stale() throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> candidates = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(GATEWAY_REPLY_PREFIX) && !t.equals(ownTopic)).collect(Collectors.toCollection(HashSet::new));
        if (candidates.isEmpty()) return candidates;
        candidates.removeAll(consumed());
        if (candidates.isEmpty()) return candidates;
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>(), newest = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(candidates).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            d.partitions().forEach(p -> {
                ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                newest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.maxTimestamp());
            });
        }
        Map<TopicPartition, ListOffsetsResultInfo> endOffsets = admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> newestRecords = admin.listOffsets(newest).all().get(30, TimeUnit.SECONDS);
        long retainedSince = System.currentTimeMillis() - retention.toMillis();
        Set<String> written = endOffsets.entrySet().stream().filter(e -> e.getValue().offset() > 0).map(e -> e.getKey().topic())
                .collect(Collectors.toSet());
        // an empty partition answers timestamp -1: nothing recent there
        Set<String> recent = newestRecords.entrySet().stream().filter(e -> e.getValue().timestamp() >= retainedSince)
                .map(e -> e.getKey().topic()).collect(Collectors.toSet());
        candidates.removeIf(t -> !written.contains(t) || recent.contains(t));
        return candidates;
    }

    /** Every topic some live consumer is assigned a partition of. */
    private Set<String> consumed() throws ExecutionException, InterruptedException, TimeoutException {
        List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS).stream()
                .map(GroupListing::groupId).toList();
        if (groups.isEmpty()) return Set.of();
        return admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(g -> g.members().stream()).flatMap(m -> m.assignment().topicPartitions().stream())
                .map(TopicPartition::topic).collect(Collectors.toSet());
    }
}
