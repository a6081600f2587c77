package io.synthstream.deploy;

import io.synthstream.contracts.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One deployable service, with what its sources say about it: application.properties (prod profile), the
 * {@code @ConfigMapping} interfaces, and so which environment variables it understands.
 */
enum ServiceModule {
    TRAINER("trainer-service", Set.of("DJL_OFFLINE", "OPT_OUT_TRACKING")),
    GENERATOR("generator-service", Set.of()),
    GATEWAY("gateway", Set.of());

    /** Read by every image's entrypoint (JVM options), not by Quarkus. */
    private static final Set<String> LAUNCHER_ENV = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND");

    final String dir;
    /** Environment read by libraries rather than by Quarkus config (DJL's offline switch and telemetry opt-out). */
    private final Set<String> libraryEnv;
    private Map<String, String> props;
    private Set<String> mappedProperties;

    ServiceModule(String dir, Set<String> libraryEnv) {
        this.dir = dir;
        this.libraryEnv = libraryEnv;
    }

    static ServiceModule byDir(String dir) {
        for (ServiceModule m : values()) if (m.dir.equals(dir)) return m;
        throw new IllegalArgumentException("not a service module: " + dir);
    }

    Path root() {
        return Repo.ROOT.resolve(dir);
    }

    /** application.properties without profile-specific (%test, %dev) entries. */
    synchronized Map<String, String> properties() {
        if (props == null) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(Repo.read(root().resolve("src/main/resources/application.properties"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> m = new TreeMap<>();
            p.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> m.put(k, p.getProperty(k)));
            props = m;
        }
        return props;
    }

    String property(String key) {
        String v = properties().get(key);
        if (v == null) throw new AssertionError(dir + ": application.properties has no " + key);
        return v;
    }

    int httpPort() {
        return Integer.parseInt(property("quarkus.http.port"));
    }

    /** Topic of each messaging channel, by "incoming.x" / "outgoing.y". */
    Map<String, String> channelTopics() {
        Pattern topic = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic");
        Map<String, String> out = new LinkedHashMap<>();
        properties().forEach((k, v) -> {
            Matcher m = topic.matcher(k);
            if (m.matches()) out.put(m.group(1) + "." + m.group(2), v);
        });
        return out;
    }

    /** Properties declared by the module's {@code @ConfigMapping} interfaces: prefix + kebab-cased method name. */
    synchronized Set<String> mappedProperties() {
        if (mappedProperties == null) {
            Pattern mapping = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)");
            Pattern method = Pattern.compile("^\\s+[\\w<>?,. \\[\\]]+\\s+(\\w+)\\(\\);", Pattern.MULTILINE);
            Set<String> out = new LinkedHashSet<>();
            try (Stream<Path> files = Files.walk(root().resolve("src/main/java"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String src = Repo.read(f);
                    Matcher m = mapping.matcher(src);
                    if (!m.find()) continue;
                    String prefix = m.group(1);
                    Matcher mm = method.matcher(src.substring(m.end()));
                    while (mm.find()) out.add(prefix + "." + kebab(mm.group(1)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mappedProperties = out;
        }
        return mappedProperties;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** MicroProfile Config's environment name of a property: non-alphanumerics to '_', upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /**
     * Why the service understands this environment variable, or empty when it does not (a typo, or a setting for
     * another service): referenced as ${NAME} in application.properties, the env form of a property it declares
     * (application.properties or @ConfigMapping), or read by the launcher / a library.
     */
    Optional<String> understands(String env) {
        if (LAUNCHER_ENV.contains(env)) return Optional.of("image entrypoint");
        if (libraryEnv.contains(env)) return Optional.of("library setting");
        Pattern ref = Pattern.compile("\\$\\{" + Pattern.quote(env) + "[:}]");
        for (var e : properties().entrySet()) {
            if (ref.matcher(e.getValue()).find()) return Optional.of("${" + env + "} in " + e.getKey());
            if (envName(e.getKey()).equals(env)) return Optional.of(e.getKey());
        }
        for (String p : mappedProperties()) if (envName(p).equals(env)) return Optional.of("@ConfigMapping " + p);
        return Optional.empty();
    }

    /** Topic names the module's channels use that are neither a Topics.all() topic nor a reply topic. */
    Set<String> unknownTopics() {
        Set<String> known = Topics.all().stream().map(Topics.TopicSpec::name).collect(Collectors.toSet());
        return channelTopics().values().stream()
                .filter(t -> !known.contains(t) && !t.startsWith(Topics.REPLY_TOPIC_PREFIX))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
