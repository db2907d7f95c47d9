package dev.girard.render;

/**
 * A template could not be parsed or rendered. The message names the template, the line and column,
 * and what went wrong, in words a marketer can act on.
 */
public class TemplateProblem extends RuntimeException {
    private final String template;
    private final int line;
    private final int column;

    public TemplateProblem(String template, int line, int column, String problem, Throwable cause) {
        super("Template " + template + (line > 0 ? ", line " + line + ", column " + column : "") + ": " + problem, cause);
        this.template = template;
        this.line = line;
        this.column = column;
    }

    public String template() {
        return template;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
