package io.synthstream.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instructions of a Dockerfile: comments dropped, continuation lines joined. Enough to check ours. */
final class Dockerfile {
    record Instruction(String keyword, String args) {
    }

    final Path path;
    final List<Instruction> instructions = new ArrayList<>();

    Dockerfile(Path path) {
        this.path = path;
        StringBuilder current = new StringBuilder();
        for (String line : Repo.read(path).split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) continue;
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (text.isEmpty()) continue;
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space < 0 ? text.length() : space).toUpperCase(),
                    space < 0 ? "" : text.substring(space + 1).strip()));
        }
    }

    List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
    }

    String last(String keyword) {
        List<String> all = all(keyword);
        if (all.isEmpty()) throw new AssertionError(path + ": no " + keyword);
        return all.get(all.size() - 1);
    }

    /** Instructions after the last FROM: what the final image is made of. */
    List<Instruction> finalStage() {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) if (instructions.get(i).keyword().equals("FROM")) from = i;
        return instructions.subList(from, instructions.size());
    }

    /** ENV of the final stage, KEY=VALUE form (double quotes removed). */
    Map<String, String> env() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Instruction i : finalStage()) {
            if (!i.keyword().equals("ENV")) continue;
            for (String pair : splitRespectingQuotes(i.args())) {
                int eq = pair.indexOf('=');
                if (eq < 0) throw new AssertionError(path + ": use ENV KEY=VALUE: " + i.args());
                String v = pair.substring(eq + 1);
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                out.put(pair.substring(0, eq), v);
            }
        }
        return out;
    }

    /** The exec-form ENTRYPOINT as its argument list. */
    List<String> entrypoint() {
        try {
            return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(last("ENTRYPOINT"), String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(path + ": ENTRYPOINT should be exec form (a JSON array): " + e.getMessage());
        }
    }

    /** ARG defaults of the global scope (before the first FROM). */
    Map<String, String> globalArgs() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) break;
            if (i.keyword().equals("ARG") && i.args().contains("=")) {
                out.put(i.args().substring(0, i.args().indexOf('=')), i.args().substring(i.args().indexOf('=') + 1));
            }
        }
        return out;
    }

    static List<String> splitRespectingQuotes(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (Character.isWhitespace(c) && !quoted) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }
}
