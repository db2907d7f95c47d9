package dev.girard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.girard.App;
import dev.girard.support.Api;
import dev.girard.support.TestApps;

/** The API description served at /openapi.json matches the routes the running server answers. */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

    @TempDir
    static Path dir;

    private static App app;
    private static Api anonymous;
    private static JsonNode doc;

    @BeforeAll
    static void start_the_server_and_fetch_the_description() throws Exception {
        app = TestApps.serve(TestApps.config(dir, Map.of()));
        anonymous = new Api("http://127.0.0.1:" + app.port(), null);
        Api.Response response = anonymous.get("/openapi.json");
        assertThat(response.status()).as("GET /openapi.json without a token").isEqualTo(200);
        doc = new ObjectMapper().readTree(response.body());
    }

    @AfterAll
    static void stop_the_server() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void the_document_is_openapi_3_0_with_info_and_bearer_security() {
        assertThat(doc.path("openapi").asText()).startsWith("3.0");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Girard");
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
        assertThat(doc.path("info").path("description").asText()).isNotBlank();
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearerAuth");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(doc.path("security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
    }

    @Test
    void documented_operations_are_exactly_the_registered_routes() {
        Set<String> documented = new TreeSet<>(operations().keySet());
        Set<String> registered = new TreeSet<>(app.web().routes());
        assertThat(registered).as("the server registers routes").isNotEmpty();

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(registered);
        assertThat(documented)
                .as("routes the server answers but openapi.json does not document: %s; "
                        + "operations openapi.json documents but the server does not answer: %s", undocumented, missing)
                .isEqualTo(registered);
    }

    @Test
    void every_operation_has_a_unique_operation_id_a_summary_and_responses() {
        Map<String, String> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        operations().forEach((route, operation) -> {
            String id = operation.path("operationId").asText("");
            if (id.isBlank()) {
                problems.add(route + " has no operationId");
            } else if (seen.putIfAbsent(id, route) != null) {
                problems.add(route + " repeats the operationId " + id + " of " + seen.get(id));
            }
            if (operation.path("summary").asText("").isBlank()) {
                problems.add(route + " has no summary");
            }
            if (!operation.path("responses").isObject() || operation.path("responses").isEmpty()) {
                problems.add(route + " has no responses");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_ref_resolves_to_an_existing_component() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).as("the document uses $ref").isNotEmpty();
        List<String> broken = refs.stream().filter(ref -> !resolves(ref)).distinct().toList();
        assertThat(broken).as("$refs that point nowhere").isEmpty();
    }

    @Test
    void every_path_template_parameter_is_declared_in_path() {
        List<String> problems = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            Set<String> placeholders = new HashSet<>();
            Matcher m = PATH_PARAM.matcher(path.getKey());
            while (m.find()) {
                placeholders.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(entry -> {
                if (!HTTP_METHODS.contains(entry.getKey())) {
                    return;
                }
                Set<String> declared = new HashSet<>();
                for (JsonNode level : List.of(path.getValue().path("parameters"), entry.getValue().path("parameters"))) {
                    for (JsonNode parameter : level) {
                        JsonNode p = deref(parameter);
                        if (p.path("in").asText().equals("path")) {
                            declared.add(p.path("name").asText());
                            if (!p.path("required").asBoolean(false)) {
                                problems.add(entry.getKey().toUpperCase() + " " + path.getKey() + ": path parameter "
                                        + p.path("name").asText() + " must be required");
                            }
                        }
                    }
                }
                String route = entry.getKey().toUpperCase() + " " + path.getKey();
                for (String name : placeholders) {
                    if (!declared.contains(name)) {
                        problems.add(route + " does not declare the path parameter " + name);
                    }
                }
                for (String name : declared) {
                    if (!placeholders.contains(name)) {
                        problems.add(route + " declares the path parameter " + name + " that its path lacks");
                    }
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void public_operations_need_no_token_and_all_others_use_the_global_security() {
        operations().forEach((route, operation) -> {
            String path = route.substring(route.indexOf(' ') + 1);
            if (path.startsWith("/api")) {
                assertThat(operation.has("security")).as(route + " keeps the global bearer security").isFalse();
            } else {
                assertThat(operation.path("security").isArray() && operation.path("security").isEmpty())
                        .as(route + " overrides security with []").isTrue();
            }
        });
    }

    @Test
    void api_get_routes_answer_401_without_a_token() {
        List<String> gets = operations().keySet().stream()
                .filter(route -> route.startsWith("GET /api")).sorted().toList();
        assertThat(gets).isNotEmpty();
        for (String route : gets) {
            String path = PATH_PARAM.matcher(route.substring(4)).replaceAll("1");
            Api.Response response = anonymous.get(path);
            assertThat(response.status()).as("GET " + path + " without a token").isEqualTo(401);
            assertThat(response.json().path("error").asText()).as("GET " + path + " error message").isNotBlank();
        }
    }

    @Test
    void health_answers_200_without_a_token() {
        Api.Response response = anonymous.get("/health");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("ok");
    }

    /** Every operation as "METHOD /path", in document order. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.LinkedHashMap<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (HTTP_METHODS.contains(entry.getKey())) {
                operations.put(entry.getKey().toUpperCase() + " " + path.getKey(), entry.getValue());
            }
        }));
        return operations;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static boolean resolves(String ref) {
        return ref.startsWith("#/components/") && !doc.at(ref.substring(1)).isMissingNode();
    }

    private static JsonNode deref(JsonNode node) {
        return node.has("$ref") ? doc.at(node.path("$ref").asText().substring(1)) : node;
    }
}
