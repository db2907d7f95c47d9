package dev.girard.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import freemarker.core.TemplateClassResolver;

/**
 * FreeMarker, configured as a sandbox for templates that marketers write: no {@code ?new}, no {@code ?api},
 * a plain data model of maps and strings (no Java objects whose methods a template could call), templates
 * loaded only from the template folder and the built-ins, HTML auto-escaped in {@code .ftlh} files, and
 * output capped in size.
 *
 * <p>An e-mail template NAME is the folder {@code email/NAME/} holding {@code subject.ftl},
 * {@code html.ftlh} and {@code text.ftl}; the plain text is wrapped here, so templates write paragraphs whole.
 * An SMS template NAME is the file {@code sms/NAME/text.ftl}.
 */
public final class TemplateEngine {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    static final int MAX_OUTPUT_CHARS = 1_000_000;
    /** Plain-text lines are wrapped at this many columns (CJK characters count two). */
    static final int TEXT_WIDTH = 76;
    private static final String BUILT_IN_ROOT = "templates";
    private static final List<String> EMAIL_PARTS = List.of("subject.ftl", "html.ftlh", "text.ftl");

    private final Configuration freemarker;
    private final Path overrideDir;

    /** @param overrideDir a folder whose templates add to or replace the built-in ones; null for built-ins only */
    public TemplateEngine(Path overrideDir) {
        this.overrideDir = overrideDir != null && Files.isDirectory(overrideDir) ? overrideDir : null;
        this.freemarker = sandboxed(loader(this.overrideDir));
    }

    private static TemplateLoader loader(Path overrideDir) {
        TemplateLoader builtIn = new ClassTemplateLoader(TemplateEngine.class.getClassLoader(), BUILT_IN_ROOT);
        if (overrideDir == null) {
            return builtIn;
        }
        try {
            // FileTemplateLoader refuses names that resolve outside its folder (../ or symlinks out)
            return new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(overrideDir.toFile()), builtIn});
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the template folder " + overrideDir, e);
        }
    }

    private static Configuration sandboxed(TemplateLoader loader) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setTemplateLoader(loader);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setLocalizedLookup(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setTemplateUpdateDelayMilliseconds(2000);
        return cfg;
    }

    /** Renders the e-mail template NAME for one data model. */
    public RenderedEmail renderEmail(String name, Map<String, Object> model) {
        String folder = "email/" + name + "/";
        String subject = WHITESPACE.matcher(render(folder + "subject.ftl", model).strip()).replaceAll(" ");
        return new RenderedEmail(subject, render(folder + "html.ftlh", model),
                TextWrap.wrap(render(folder + "text.ftl", model), TEXT_WIDTH));
    }

    /** True if the e-mail template NAME has all its parts. */
    public boolean emailTemplateExists(String name) {
        if (!validName(name)) {
            return false;
        }
        for (String part : EMAIL_PARTS) {
            try {
                if (freemarker.getTemplate("email/" + name + "/" + part, null, null, null, true, true) == null) {
                    return false;
                }
            } catch (IOException e) {
                // a part that does not parse still exists; check() reports it
                return true;
            }
        }
        return true;
    }

    /**
     * Parses every part of the e-mail template NAME.
     *
     * @throws TemplateProblem naming the file, line and column of the first syntax error
     */
    public void checkEmailTemplate(String name) {
        for (String part : EMAIL_PARTS) {
            load("email/" + name + "/" + part);
        }
    }

    /** The e-mail templates available: built-in ones and those in the template folder. */
    public List<String> emailTemplates() {
        TreeSet<String> names = templateFolders("email");
        names.removeIf(n -> !emailTemplateExists(n));
        return new ArrayList<>(names);
    }

    /**
     * Renders the SMS template NAME: surrounding blank space trimmed from each line, runs of blank lines
     * kept to one (FreeMarker directives leave empty lines; every character of a text is paid for).
     */
    public String renderSms(String name, Map<String, Object> model) {
        String text = render(smsPath(name), model);
        StringBuilder out = new StringBuilder(text.length());
        boolean blank = false;
        for (String line : text.strip().split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                blank = true;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank ? "\n\n" : "\n");
            }
            out.append(trimmed);
            blank = false;
        }
        return out.toString();
    }

    /** True if the SMS template NAME exists. */
    public boolean smsTemplateExists(String name) {
        if (!validName(name)) {
            return false;
        }
        try {
            return freemarker.getTemplate(smsPath(name), null, null, null, true, true) != null;
        } catch (IOException e) {
            // it exists but does not parse; checkSmsTemplate() reports it
            return true;
        }
    }

    /**
     * Parses the SMS template NAME.
     *
     * @throws TemplateProblem naming the file, line and column of the first syntax error
     */
    public void checkSmsTemplate(String name) {
        load(smsPath(name));
    }

    /** The SMS templates available: built-in ones and those in the template folder. */
    public List<String> smsTemplates() {
        TreeSet<String> names = templateFolders("sms");
        names.removeIf(n -> !smsTemplateExists(n));
        return new ArrayList<>(names);
    }

    private static String smsPath(String name) {
        return "sms/" + name + "/text.ftl";
    }

    /** The folder names under {@code kind/} in the template folder and among the built-ins. */
    private TreeSet<String> templateFolders(String kind) {
        TreeSet<String> names = new TreeSet<>();
        if (overrideDir != null) {
            names.addAll(folders(overrideDir.resolve(kind)));
        }
        var url = TemplateEngine.class.getClassLoader().getResource(BUILT_IN_ROOT + "/" + kind);
        if (url != null) {
            try {
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                        names.addAll(folders(jar.getPath(BUILT_IN_ROOT, kind)));
                    }
                } else {
                    names.addAll(folders(Path.of(uri)));
                }
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("Cannot list the built-in templates", e);
            }
        }
        return names;
    }

    private static List<String> folders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString().replace("/", "")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    }

    private Template load(String path) {
        try {
            return freemarker.getTemplate(path);
        } catch (TemplateNotFoundException e) {
            throw new TemplateProblem(path, 0, 0, "not found", e);
        } catch (IOException e) {
            // FreeMarker caches a failed load and reports it later wrapped: find the parse error either way
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ParseException parse) {
                    throw new TemplateProblem(parse.getTemplateName() == null ? path : parse.getTemplateName(),
                            parse.getLineNumber(), parse.getColumnNumber(), parse.getEditorMessage(), e);
                }
            }
            throw new TemplateProblem(path, 0, 0, "cannot be read: " + e.getMessage(), e);
        }
    }

    private String render(String path, Map<String, Object> model) {
        Template template = load(path);
        LimitedWriter out = new LimitedWriter(MAX_OUTPUT_CHARS);
        try {
            template.process(model, out);
            return out.toString();
        } catch (TemplateException e) {
            String where = e.getTemplateSourceName() == null ? path : e.getTemplateSourceName();
            int line = e.getLineNumber() == null ? 0 : e.getLineNumber();
            int column = e.getColumnNumber() == null ? 0 : e.getColumnNumber();
            String blamed = e.getBlamedExpressionString();
            String problem = e instanceof freemarker.core.InvalidReferenceException && blamed != null
                    ? blamed + " is missing for this customer (use " + blamed + "! to give a default)"
                    : firstLine(e.getMessageWithoutStackTop());
            throw new TemplateProblem(where, line, column, problem, e);
        } catch (IOException e) {
            throw new TemplateProblem(path, 0, 0, e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "error";
        }
        int tips = message.indexOf("\n----");
        return (tips > 0 ? message.substring(0, tips) : message).strip();
    }
}
