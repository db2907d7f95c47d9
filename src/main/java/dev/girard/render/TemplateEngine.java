package dev.girard.render;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
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
 * Templates saved in the admin page ({@link StoredTemplates}) come first, then the template folder, then the
 * built-ins; a draft being edited renders through the same sandbox, in front of all three.
 */
public final class TemplateEngine {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    static final int MAX_OUTPUT_CHARS = 1_000_000;
    /** Plain-text lines are wrapped at this many columns (CJK characters count two). */
    static final int TEXT_WIDTH = 76;
    private static final String BUILT_IN_ROOT = "templates";
    private static final List<String> EMAIL_PARTS = List.of("subject.ftl", "html.ftlh", "text.ftl");
    private static final List<String> POSTCARD_PARTS = List.of("style.ftl", "front.ftlh", "back.ftlh");

    private final Configuration freemarker;
    private final Path overrideDir;
    private final StoredTemplates stored;
    private final TemplateLoader loader;

    /** @param overrideDir a folder whose templates add to or replace the built-in ones; null for built-ins only */
    public TemplateEngine(Path overrideDir) {
        this(overrideDir, null);
    }

    /**
     * @param overrideDir a folder whose templates add to or replace the built-in ones; null for built-ins only
     * @param stored templates saved in the admin page, in front of the folder and the built-ins; null for none
     */
    public TemplateEngine(Path overrideDir, StoredTemplates stored) {
        this.overrideDir = overrideDir != null && Files.isDirectory(overrideDir) ? overrideDir : null;
        this.stored = stored;
        this.loader = loader(this.overrideDir, stored);
        this.freemarker = sandboxed(loader);
    }

    private static TemplateLoader loader(Path overrideDir, StoredTemplates stored) {
        List<TemplateLoader> loaders = new ArrayList<>();
        if (stored != null) {
            loaders.add(stored);
        }
        if (overrideDir != null) {
            try {
                // FileTemplateLoader refuses names that resolve outside its folder (../ or symlinks out)
                loaders.add(new FileTemplateLoader(overrideDir.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the template folder " + overrideDir, e);
            }
        }
        loaders.add(new ClassTemplateLoader(TemplateEngine.class.getClassLoader(), BUILT_IN_ROOT));
        return loaders.size() == 1 ? loaders.get(0) : new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new));
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
        return renderEmail(freemarker, name, model);
    }

    private static RenderedEmail renderEmail(Configuration cfg, String name, Map<String, Object> model) {
        String folder = "email/" + name + "/";
        // wrapped once for the three parts: each nested map is wrapped on first use and kept for the next part
        Object root = wrap(cfg, model);
        String subject = WHITESPACE.matcher(render(cfg, folder + "subject.ftl", root).strip()).replaceAll(" ");
        return new RenderedEmail(subject, render(cfg, folder + "html.ftlh", root),
                TextWrap.wrap(render(cfg, folder + "text.ftl", root), TEXT_WIDTH));
    }

    /**
     * Renders unsaved files of the e-mail template NAME (file name to source) through the same sandbox; files
     * the draft lacks come from the saved template, the folder or the built-ins.
     *
     * @throws TemplateProblem naming the file, line and column
     */
    public RenderedEmail renderEmailDraft(String name, Map<String, String> files, Map<String, Object> model) {
        return renderEmail(draftConfiguration("email", name, files), name, model);
    }

    /**
     * Renders unsaved files of the SMS template NAME through the same sandbox, laid out as {@link #renderSms}.
     *
     * @throws TemplateProblem naming the file, line and column
     */
    public String renderSmsDraft(String name, Map<String, String> files, Map<String, Object> model) {
        return smsLayout(render(draftConfiguration("sms", name, files), smsPath(name), model));
    }

    /**
     * Parses every file of a draft of the e-mail template NAME.
     *
     * @throws TemplateProblem naming the file, line and column of the first syntax error
     */
    public void checkEmailDraft(String name, Map<String, String> files) {
        checkDraft("email", name, files);
    }

    /**
     * Parses every file of a draft of the template KIND/NAME (kind email or sms), and the parts that kind needs.
     *
     * @throws TemplateProblem naming the file, line and column of the first syntax error
     */
    public void checkDraft(String kind, String name, Map<String, String> files) {
        if (!validName(name)) {
            throw new TemplateProblem(kind + "/" + name, 0, 0, "the name must be 1-100 letters, digits, - or _", null);
        }
        Configuration cfg = draftConfiguration(kind, name, files);
        for (String file : files.keySet()) {
            if (!validFileName(file)) {
                throw new TemplateProblem(kind + "/" + name + "/" + file, 0, 0,
                        "a file name must end in .ftl or .ftlh and have no folder", null);
            }
            load(cfg, kind + "/" + name + "/" + file);
        }
        for (String part : kind.equals("sms") ? List.of("text.ftl") : EMAIL_PARTS) {
            load(cfg, kind + "/" + name + "/" + part);
        }
    }

    private Configuration draftConfiguration(String kind, String name, Map<String, String> files) {
        StringTemplateLoader draft = new StringTemplateLoader();
        files.forEach((file, source) -> {
            if (validFileName(file)) {
                draft.putTemplate(kind + "/" + name + "/" + file, source);
            }
        });
        return sandboxed(new MultiTemplateLoader(new TemplateLoader[] {draft, loader}));
    }

    /**
     * Every file of the e-mail template NAME as it is used now (saved, folder or built-in), by file name:
     * what the editor starts from.
     */
    public Map<String, String> emailTemplateFiles(String name) {
        return templateFiles("email", name);
    }

    /** Every file of the template KIND/NAME (kind email or sms) as it is used now: what the editor starts from. */
    public Map<String, String> templateFiles(String kind, String name) {
        if (!validName(name) || !List.of("email", "sms").contains(kind)) {
            return Map.of();
        }
        TreeSet<String> fileNames = new TreeSet<>();
        if (stored != null) {
            stored.current(kind, name).ifPresent(files -> fileNames.addAll(files.keySet()));
        }
        if (overrideDir != null) {
            fileNames.addAll(files(overrideDir.resolve(kind).resolve(name)));
        }
        fileNames.addAll(builtIn(BUILT_IN_ROOT + "/" + kind + "/" + name, false));
        Map<String, String> files = new TreeMap<>(TemplateEngine::filesInEditingOrder);
        for (String file : fileNames) {
            if (!validFileName(file)) {
                continue;
            }
            try {
                Object source = loader.findTemplateSource(kind + "/" + name + "/" + file);
                if (source != null) {
                    try (Reader reader = loader.getReader(source, "UTF-8")) {
                        StringBuilder text = new StringBuilder();
                        char[] buffer = new char[8192];
                        for (int n; (n = reader.read(buffer)) > 0;) {
                            text.append(buffer, 0, n);
                        }
                        files.put(file, text.toString());
                    } finally {
                        loader.closeTemplateSource(source);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read template file " + kind + "/" + name + "/" + file, e);
            }
        }
        return new LinkedHashMap<>(files);
    }

    /** The three parts first, then the files they include. */
    private static int filesInEditingOrder(String a, String b) {
        int ia = EMAIL_PARTS.indexOf(a);
        int ib = EMAIL_PARTS.indexOf(b);
        if (ia >= 0 || ib >= 0) {
            return Integer.compare(ia < 0 ? 99 : ia, ib < 0 ? 99 : ib);
        }
        return a.compareTo(b);
    }

    /** A template was saved: drop cached copies so the next render reads it. */
    public void templateChanged() {
        freemarker.clearTemplateCache();
    }

    /**
     * Renders the postcard template NAME for one card: the front and the message side, as XHTML fragments
     * (the address side's address, postage and return address are laid out by the postcard channel).
     */
    public RenderedPostcard renderPostcard(String name, Map<String, Object> model) {
        String folder = "postcard/" + name + "/";
        return new RenderedPostcard(render(freemarker, folder + "front.ftlh", model), render(freemarker, folder + "back.ftlh", model));
    }

    /** The postcard template's CSS for one design ({@code style.ftl}, rendered with {@code design} only). */
    public String renderPostcardStyle(String name, Map<String, Object> model) {
        return render(freemarker, "postcard/" + name + "/style.ftl", model);
    }

    /** True if the postcard template NAME has all its parts ({@code style.ftl}, {@code front.ftlh}, {@code back.ftlh}). */
    public boolean postcardTemplateExists(String name) {
        return exists("postcard/", POSTCARD_PARTS, name);
    }

    /**
     * Parses every part of the postcard template NAME.
     *
     * @throws TemplateProblem naming the file, line and column of the first syntax error
     */
    public void checkPostcardTemplate(String name) {
        for (String part : POSTCARD_PARTS) {
            load(freemarker, "postcard/" + name + "/" + part);
        }
    }

    /** True if the e-mail template NAME has all its parts. */
    public boolean emailTemplateExists(String name) {
        return exists("email/", EMAIL_PARTS, name);
    }

    private boolean exists(String root, List<String> parts, String name) {
        if (!validName(name)) {
            return false;
        }
        for (String part : parts) {
            try {
                if (freemarker.getTemplate(root + name + "/" + part, null, null, null, true, true) == null) {
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
            load(freemarker, "email/" + name + "/" + part);
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
        return smsLayout(render(freemarker, smsPath(name), model));
    }

    private static String smsLayout(String text) {
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
        load(freemarker, smsPath(name));
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
        if (stored != null) {
            names.addAll(stored.names(kind));
        }
        if (overrideDir != null) {
            names.addAll(folders(overrideDir.resolve(kind)));
        }
        names.addAll(builtIn(BUILT_IN_ROOT + "/" + kind, true));
        return names;
    }

    /** Names of the folders (or files) in a folder of the built-in templates, in the jar or on disk. */
    private static List<String> builtIn(String folder, boolean folders) {
        var url = TemplateEngine.class.getClassLoader().getResource(folder);
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    Path dir = jar.getPath(folder);
                    return folders ? folders(dir) : files(dir);
                }
            }
            return folders ? folders(Path.of(uri)) : files(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the built-in templates", e);
        }
    }

    private static List<String> folders(Path dir) {
        return entries(dir, true);
    }

    private static List<String> files(Path dir) {
        return entries(dir, false);
    }

    private static List<String> entries(Path dir, boolean folders) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> folders == Files.isDirectory(p))
                    .map(p -> p.getFileName().toString().replace("/", "")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    }

    /** A file of a template folder: no folders, .ftl or .ftlh. */
    public static boolean validFileName(String file) {
        return file != null && file.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\\.ftlh?") && !file.contains("..");
    }

    private static Template load(Configuration cfg, String path) {
        try {
            return cfg.getTemplate(path);
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

    private static Object wrap(Configuration cfg, Map<String, Object> model) {
        try {
            return cfg.getObjectWrapper().wrap(model);
        } catch (freemarker.template.TemplateModelException e) {
            throw new TemplateProblem("model", 0, 0, e.getMessage(), e);
        }
    }

    /** @param model a map, or the map already wrapped for the templates */
    private static String render(Configuration cfg, String path, Object model) {
        Template template = load(cfg, path);
        LimitedWriter out = new LimitedWriter(MAX_OUTPUT_CHARS);
        try {
            template.process(model, out);
            return out.finish();
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
